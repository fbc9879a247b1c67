// `npm ci` warns EBADENGINE when a locked package needs a newer Node than package.json's
// "engines" promises (issue 9, item 11: cookie@2 needs Node 22; package.json overrides it to 1.1.1,
// whose API @fastify/cookie and light-my-request use unchanged). Every locked package must run on
// every Node version Flowgate declares.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

describe('engines', () => {
  it('every locked package accepts the first declared version of each current Node line, and this one', () => {
    const declared: string = pkg.engines.node;
    // The first release of each current Node line that package.json admits, and this one.
    const versions = ['20.19.0', '22.12.0', '24.0.0', process.versions.node];
    for (const version of versions) expect(semver.satisfies(version, declared), version).toBe(true);
    const misfits: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages as Record<string, { version?: string; engines?: { node?: string } | string[] }>)) {
      if (!where || Array.isArray(entry.engines)) continue;
      const needs = entry.engines?.node;
      for (const version of versions) {
        if (needs && !semver.satisfies(version, needs)) misfits.push(`${where}@${entry.version} needs node ${needs}, not ${version}`);
      }
    }
    expect(misfits).toEqual([]);
  });

});
