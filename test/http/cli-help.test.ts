// The CLI explains itself (issue 9, item 7): --version, `<command> --help` for every command, and a
// top-level help with one line per command and option and a pointer to the docs.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { FLOWGATE_VERSION } from '../../src/version.js';
import { spawnCli } from '../helpers/cli.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

const SLOW = 60_000;
/** The help paths run in this process (they touch nothing); --version goes through a real process. */
async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  // No database URL, no config dir: a command that ran instead of helping would fail or create files.
  return runCliInProcess(args, { LANGFLOW_CONFIG_DIR: '/nonexistent/flowgate-help-test', LANGFLOW_DATABASE_URL: 'sqlite:////nonexistent/x.db' }).exited;
}

describe('flowgate help', () => {
  it('--version prints the version and exits 0', async () => {
    const result = await spawnCli(['--version'], {}).exited;
    expect(result.code).toBe(0);
    expect(result.output.trim()).toMatch(new RegExp(`^flowgate ${FLOWGATE_VERSION.replace(/\./g, '\\.')}\\b`));
  }, SLOW);

  it('--help lists every command and every option with a description, and points to the docs', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    const text = result.output;
    for (const command of COMMANDS) {
      expect(text).toMatch(new RegExp(`^  ${command.name}\\s+\\S.*$`, 'm'));
      const options = [...command.options, ...(command.subcommands ?? []).flatMap((s) => s.options)];
      for (const option of options) expect(text).toMatch(new RegExp(`^\\s+${option.flag}( ${option.value})?\\s{2,}\\S`, 'm'));
    }
    expect(text).toMatch(/--version/);
    expect(text).toMatch(/docs\/cli\.md/);
    expect(text).toMatch(/npx flowgate/);
  }, SLOW);

  it.each(COMMANDS.map((c) => [c.name]))('%s --help shows its options and exits 0 without doing anything', async (name) => {
    const result = await cli([name, '--help']);
    expect(result.code, result.output).toBe(0);
    const command = COMMANDS.find((c) => c.name === name)!;
    expect(result.output).toContain(command.summary);
    expect(result.output).toMatch(/--env-file FILE/);
    expect(result.output).toMatch(new RegExp(`Usage: npx flowgate ${name}`));
    expect(result.output).not.toMatch(/running at|Database is up to date|created/);
  }, SLOW);

  it('an unknown command is one line pointing to --help, exit 2', async () => {
    const result = await cli(['serve']);
    expect(result.code).toBe(2);
    expect(result.output.trim().split('\n')).toHaveLength(1);
    expect(result.output).toMatch(/Unknown command 'serve'.*--help/);
  }, SLOW);

  it('an unknown option is one line, exit 2', async () => {
    const result = await cli(['migrate', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.output.trim().split('\n')).toHaveLength(1);
  }, SLOW);
});
