// `flowgate import-langflow --from <langflow.db | postgresql://…> [--langflow-secret-key KEY |
// --langflow-config-dir DIR] [--dry-run] [--on-conflict skip|rename|fail] [--orphans-to USER]
// [--keep-langflow-password] [--env-file FILE]`. Prints the summary table; exit 2 when the
// import is refused (wrong key, clashes, bad options), with nothing written.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config-types.js';
import { KeyMaterialError, loadSecretKey, SECRET_KEY_FILE } from '../services/secret-key/key-material.js';
import { ImportError } from '../services/langflow-import/import-errors.js';
import { importLangflow } from '../services/langflow-import/import-langflow.js';
import type { ConflictPolicy } from '../services/langflow-import/plan.js';
import { formatSummary } from '../services/langflow-import/summary.js';
import { openStorage } from '../storage/db.js';
import { CliUsageError, printError, printLine, type CliIo, type Environment } from './cli-types.js';
import { loadConfig, parseCommandArgs } from './options.js';

const POLICIES: ConflictPolicy[] = ['skip', 'rename', 'fail'];
/** Below this many records a progress bar is noise. */
const PROGRESS_THRESHOLD = 1000;

export async function importLangflowCommand(args: string[], env: Environment, io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, {
    from: { type: 'string' },
    'langflow-secret-key': { type: 'string' },
    'langflow-config-dir': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'on-conflict': { type: 'string' },
    'orphans-to': { type: 'string' },
    'keep-langflow-password': { type: 'boolean' },
  });
  if (!values.from) throw new CliUsageError('--from is required: the path of Langflow\'s database file (langflow.db) or its postgresql:// URL.');
  if (values['langflow-secret-key'] !== undefined && values['langflow-config-dir'] !== undefined) {
    throw new CliUsageError('Give either --langflow-secret-key or --langflow-config-dir, not both.');
  }
  const onConflict = (values['on-conflict'] ?? 'fail') as ConflictPolicy;
  if (!POLICIES.includes(onConflict)) throw new CliUsageError(`--on-conflict must be one of ${POLICIES.join(', ')}.`);
  const dryRun = values['dry-run'] ?? false;
  const config = loadConfig(env, values['env-file']);
  const flowgateSecretKey = flowgateKey(config, dryRun, io);

  const storage = openStorage(config.databaseUrl);
  try {
    const summary = await importLangflow(storage, {
      from: values.from,
      langflowKey: { secretKey: values['langflow-secret-key'], configDir: values['langflow-config-dir'] },
      onConflict,
      orphansTo: values['orphans-to'],
      keepAutoLoginPassword: values['keep-langflow-password'] ?? false,
      dryRun,
      flowgateSecretKey,
      previousKey: config.secretKeyPrevious,
      now: () => new Date().toISOString(),
      onPhase: (message) => printError(io, message),
      onProgress: progressBar(io.stderr),
    });
    printLine(io, formatSummary(summary));
    const imported = Object.values(summary.tallies).reduce((n, t) => n + t.imported, 0);
    if (!dryRun) printLine(io, imported ? `\nImported into ${storage.description} in one transaction.` : '\nNothing new to import; nothing was written.');
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      printError(io, error.message);
      return 2;
    }
    // A lost connection, a constraint: the transaction rolled back.
    printError(io, `Import failed, nothing was written: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await storage.close();
  }
}

/** The key values are sealed under: the one a server would use. A dry run never creates one. */
function flowgateKey(config: Config, dryRun: boolean, io: CliIo): string | undefined {
  if (dryRun && !config.secretKey && !fs.existsSync(path.join(config.configDir, SECRET_KEY_FILE))) return undefined;
  try {
    const loaded = loadSecretKey(config);
    if (loaded.warning) printError(io, `WARNING: ${loaded.warning}`);
    return loaded.secretKey;
  } catch (error) {
    if (error instanceof KeyMaterialError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** On a terminal, one bar redrawn in place; otherwise a line every 10%. Large imports only. */
function progressBar(stderr: CliIo['stderr']): (done: number, total: number) => void {
  const tty = stderr.isTTY;
  let lastStep = -1;
  return (done, total) => {
    if (total < PROGRESS_THRESHOLD) return;
    const fraction = total === 0 ? 1 : done / total;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total}`);
      if (done >= total) stderr.write('\n');
      return;
    }
    const step = Math.floor(fraction * 10);
    if (step !== lastStep) {
      lastStep = step;
      stderr.write(`${step * 10}% (${done}/${total})\n`);
    }
  };
}
