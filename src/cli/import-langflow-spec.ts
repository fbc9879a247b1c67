// What `npx flowgate import-langflow --help` says (docs/migrating-from-langflow.md has the rest).
import { ENV_FILE_OPTION, type CommandSpec } from './cli-types.js';
import { importLangflowCommand } from './import-langflow.js';

export const importLangflowSpec: CommandSpec = {
  name: 'import-langflow',
  summary: "move users, API keys, variables, projects and flows over from a Langflow database, in one transaction",
  options: [
    { flag: '--from', value: 'DB', help: "Langflow's database: a langflow.db file or a postgresql:// URL" },
    { flag: '--langflow-config-dir', value: 'DIR', help: "Langflow's config directory, to read its secret key from" },
    { flag: '--langflow-secret-key', value: 'KEY', help: "Langflow's secret key (prefer --langflow-config-dir: no key on the command line)" },
    { flag: '--dry-run', help: 'show what would be imported, write nothing' },
    { flag: '--on-conflict', value: 'POLICY', help: 'a username that exists here: fail (default), skip or rename' },
    { flag: '--orphans-to', value: 'USER', help: 'give flows and projects without an owner to this user (else skipped)' },
    { flag: '--keep-langflow-password', help: "keep the auto-login account's password hash (never the default one)" },
    ENV_FILE_OPTION,
  ],
  run: importLangflowCommand,
};
