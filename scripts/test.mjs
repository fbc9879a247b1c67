#!/usr/bin/env node
// The README's test command. Runs every test with Vitest, on SQLite and (with
// TEST_DATABASE_URL) PostgreSQL, plus the browser tests when Chromium is there. What it skips it
// says loudly; under CI=true a missing PostgreSQL, Chromium or nginx is a failure, never a skip.
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
const nginx = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
if (!fs.existsSync(nginx)) {
  if (ci) problems.push(`nginx not found at ${nginx}: the test of deploy/nginx.conf cannot run under CI.`);
  else banner(`NGINX TEST SKIPPED: no nginx at ${nginx} (apt-get install -y nginx-light).`);
}
if (problems.length) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

// The browser tests drive the built UI.
if (hasChromium && run('npx', ['vite', 'build', 'web', '--logLevel', 'warn']) !== 0) process.exit(1);

fs.mkdirSync('test-artifacts', { recursive: true });
fs.rmSync('test-artifacts/summary.json', { force: true });
const vitestArgs = ['vitest', 'run', ...(hasChromium ? [] : ['--exclude', 'test/e2e/**']), ...process.argv.slice(2)];
const status = run('npx', vitestArgs);

// One plain closing line that any CI can read. Errors raised outside any test fail the run, so
// they count as failures here too: the line never says "0 failed" for a run that failed.
let summary;
try {
  summary = JSON.parse(fs.readFileSync('test-artifacts/summary.json', 'utf8'));
} catch {
  summary = undefined;
}
if (!summary) {
  console.log('\ntests: the test report could not be read');
  process.exit(status === 0 ? 1 : status);
}
let failed = summary.failed + summary.unhandledErrors;
if (status !== 0 && failed === 0) failed = 1; // Vitest failed for a reason no test shows.
const unhandled = summary.unhandledErrors ? ` (${summary.unhandledErrors} of them errors outside any test: ${summary.unhandledMessages.join('; ')})` : '';
console.log(`\ntests: ${summary.passed} passed, ${failed} failed${unhandled}, ${summary.skipped} skipped`);
process.exit(failed > 0 && status === 0 ? 1 : status);
