// A Vitest reporter that writes the counts behind the test command's closing line, counting
// errors raised outside any test (an unhandled rejection, an 'error' event nobody listens to)
// as failures: they fail the run, so the closing line must say so too.
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export const SUMMARY_FILE = path.join('test-artifacts', 'summary.json');

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  unhandledErrors: number;
  /** The first line of each unhandled error, so the summary explains itself. */
  unhandledMessages: string[];
}

export default class SummaryReporter implements Reporter {
  constructor(private readonly outputFile = SUMMARY_FILE) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const summary: TestSummary = { passed: 0, failed: 0, skipped: 0, unhandledErrors: unhandledErrors.length, unhandledMessages: [] };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') summary.passed++;
        else if (state === 'failed') summary.failed++;
        else summary.skipped++;
      }
      // A file that failed to load (or whose hooks threw) fails the run with no failed test in it.
      const hasFailedTest = !module.children.allTests('failed').next().done;
      if (module.state() === 'failed' && !hasFailedTest) summary.failed++;
    }
    summary.unhandledMessages = unhandledErrors.map((error) => `${error.name ?? 'Error'}: ${String(error.message).split('\n')[0]}`);
    fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
    fs.writeFileSync(this.outputFile, JSON.stringify(summary, null, 2));
  }
}
