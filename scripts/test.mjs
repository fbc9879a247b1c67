#!/usr/bin/env node
// The README's test command. Runs every test with Vitest, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL, plus the browser tests when Chromium is there. What it skips it
// says loudly; under CI=true a missing PostgreSQL or Chromium is a failure, never a skip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const problems = [];
const banner = (text) => console.log(`\n${'!'.repeat(78)}\n!!! ${text}\n${'!'.repeat(78)}\n`);

if (!process.env.TEST_DATABASE_URL) {
  if (ci) problems.push('TEST_DATABASE_URL is not set: PostgreSQL tests cannot run under CI.');
  else banner('PostgreSQL SKIPPED: TEST_DATABASE_URL is not set, HTTP tests ran on SQLite only.');
}
const hasChromium = fs.existsSync(chromium);
if (!hasChromium) {
  if (ci) problems.push(`Chromium not found at ${chromium}: browser tests cannot run under CI.`);
  else banner(`BROWSER TESTS SKIPPED: no Chromium at ${chromium} (apt-get install -y chromium).`);
}
if (problems.length) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

// The browser tests drive the built UI.
if (hasChromium && run('npx', ['vite', 'build', 'web', '--logLevel', 'warn']) !== 0) process.exit(1);

fs.mkdirSync('test-artifacts', { recursive: true });
const vitestArgs = ['vitest', 'run', ...(hasChromium ? [] : ['--exclude', 'test/e2e/**']), ...process.argv.slice(2)];
const status = run('npx', vitestArgs);

// One plain closing line that any CI can read.
try {
  const report = JSON.parse(fs.readFileSync('test-artifacts/vitest.json', 'utf8'));
  console.log(`\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`);
} catch {
  console.log('\ntests: the Vitest report could not be read');
}
process.exit(status);
