// The help texts: `flowgate --help` lists every command and option in one line each and points
// to the docs; `flowgate <command> --help` shows one command.
import { FLOWGATE_VERSION, LANGFLOW_COMPAT_VERSION } from '../version.js';
import type { CommandSpec, OptionHelp } from './cli-types.js';

const DOCS = 'Documentation: docs/cli.md and docs/configuration.md in the Flowgate repository (README.md to start).';

export function versionText(): string {
  return `flowgate ${FLOWGATE_VERSION} (speaks the API of Langflow ${LANGFLOW_COMPAT_VERSION})`;
}

function optionLines(options: OptionHelp[], indent: string): string[] {
  const label = (o: OptionHelp) => (o.value ? `${o.flag} ${o.value}` : o.flag);
  const width = Math.max(0, ...options.map((o) => label(o).length));
  return options.map((o) => `${indent}${label(o).padEnd(width)}  ${o.help}`);
}

export function topLevelHelp(commands: CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `${versionText()}: a Langflow-compatible flow server, also installed as \`langflow\`.`,
    '',
    'Usage: npx flowgate <command> [options]',
    '       npx flowgate <command> --help    the options of one command',
    '       npx flowgate --version',
    '',
    'Commands:',
  ];
  for (const command of commands) {
    lines.push(`  ${command.name.padEnd(width)}  ${command.summary}`);
    for (const sub of command.subcommands ?? []) {
      lines.push(`    ${command.name} ${sub.name}: ${sub.summary}`);
      lines.push(...optionLines(sub.options, '      '));
    }
    lines.push(...optionLines(command.options, '      '));
  }
  lines.push('', DOCS);
  return lines.join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const lines = [`${command.summary}`, ''];
  if (command.subcommands) {
    for (const sub of command.subcommands) {
      lines.push(`Usage: npx flowgate ${command.name} ${sub.name} [options]`, `  ${sub.summary}`, '', 'Options:');
      lines.push(...optionLines([...sub.options, ...command.options], '  '), '');
    }
  } else {
    lines.push(`Usage: npx flowgate ${command.name} [options]`, '', 'Options:');
    lines.push(...optionLines(command.options, '  '), '');
  }
  lines.push(DOCS);
  return lines.join('\n');
}
