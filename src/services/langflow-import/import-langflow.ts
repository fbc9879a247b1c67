// `flowgate import-langflow`: reads a Langflow database (never writing to it), decides what
// comes over (plan.ts), checks both secret keys, then writes everything in one transaction
// (write.ts). A dry run stops after the plan. Running it again imports nothing new.
import type { Storage } from '../../storage/db.js';
import { migrateToLatest } from '../../storage/migrate.js';
import {
  readApiKeys,
  readFlowHeads,
  readFolders,
  readUsers,
  readVariables,
  REQUIRED_TABLES,
} from '../../storage/langflow/records.js';
import { LangflowSourceError, openLangflowSource } from '../../storage/langflow/source.js';
import { takenApiKeys, takenFlows, takenFolders, takenUsers, takenVariables } from '../../storage/repositories/import-target.js';
import { Fernet } from '../../auth/fernet.js';
import { deriveFernetKey } from '../../auth/secret-key.js';
import { readKeyCheckState } from '../secret-key/key-check.js';
import { ImportError } from './import-errors.js';
import { loadLangflowKey, type LangflowKeyOptions } from './langflow-key.js';
import { planMessages } from './messages.js';
import { buildPlan, type ConflictPolicy, type TargetState } from './plan.js';
import type { ImportSummary } from './summary.js';
import { writePlan } from './write.js';

export interface ImportOptions {
  /** Path of Langflow's SQLite file (or sqlite:/// URL), or a postgresql:// URL. */
  from: string;
  langflowKey: LangflowKeyOptions;
  onConflict: ConflictPolicy;
  orphansTo?: string;
  keepAutoLoginPassword?: boolean;
  dryRun: boolean;
  /** Flowgate's secret key; may be undefined only on a dry run (nothing is sealed then). */
  flowgateSecretKey: string | undefined;
  previousKey?: string;
  now: () => string;
  onPhase?: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
  beforeCommit?: () => void | Promise<void>;
}

export async function importLangflow(storage: Storage, options: ImportOptions): Promise<ImportSummary> {
  const langflowKey = loadLangflowKey(options.langflowKey);
  let source;
  try {
    source = await openLangflowSource(options.from);
  } catch (error) {
    if (error instanceof LangflowSourceError) throw new ImportError(error.message);
    throw error;
  }
  try {
    const tables = await source.tables();
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new ImportError(`${source.description} is not a Langflow database (no table ${missing.join(', ')}).`);

    // A fresh target (no tables yet) reads as empty; the schema is made only once the plan holds.
    const target = await readTarget(storage);
    if (options.flowgateSecretKey !== undefined && target !== EMPTY_TARGET) {
      const state = await readKeyCheckState(storage.db, options.flowgateSecretKey, options.previousKey);
      if (state.status === 'mismatch') {
        throw new ImportError(
          `Flowgate's secret key (fingerprint ${state.givenFingerprint}) does not open ${storage.description}, ` +
            `written with the key whose fingerprint is ${state.storedFingerprint}. Nothing was written.`,
        );
      }
    }

    options.onPhase?.(`Reading ${source.description}…`);
    const data = {
      users: await readUsers(source),
      folders: await readFolders(source),
      flows: await readFlowHeads(source),
      apiKeys: await readApiKeys(source),
      variables: await readVariables(source),
    };
    const fernet = options.flowgateSecretKey !== undefined && !options.dryRun ? new Fernet(deriveFernetKey(options.flowgateSecretKey).fernetKey) : undefined;
    const now = options.now();
    const plan = await buildPlan(data, target, {
      onConflict: options.onConflict,
      orphansTo: options.orphansTo,
      keepAutoLoginPassword: options.keepAutoLoginPassword,
      langflowKey,
      seal: fernet ? (plaintext) => fernet.encrypt(plaintext) : undefined,
      now,
    });
    const messages = await planMessages(source, storage.db, plan.flowTargets, plan.summary.tallies.messages);
    if (options.dryRun) return plan.summary;
    // Everything is already there: a second run changes nothing, not even the audit log.
    const count = plan.users.length + plan.folders.length + plan.flows.size + plan.apiKeys.length + plan.variables.length + messages.ids.size;
    if (count === 0) return plan.summary;
    if (options.flowgateSecretKey === undefined) throw new Error('Flowgate secret key missing for a real import');
    await migrateToLatest(storage.db);
    options.onPhase?.(`Writing to ${storage.description} (one transaction)…`);
    await writePlan(storage, source, plan, messages, {
      flowgateSecretKey: options.flowgateSecretKey,
      previousKey: options.previousKey,
      now,
      onProgress: options.onProgress,
      beforeCommit: options.beforeCommit,
    });
    return plan.summary;
  } finally {
    await source.close();
  }
}

const EMPTY_TARGET: TargetState = { users: [], folders: [], flows: [], apiKeys: [], variables: [] };

async function readTarget(storage: Storage): Promise<TargetState> {
  try {
    return {
      users: await takenUsers(storage.db),
      folders: await takenFolders(storage.db),
      flows: await takenFlows(storage.db),
      apiKeys: await takenApiKeys(storage.db),
      variables: await takenVariables(storage.db),
    };
  } catch (error) {
    // A database Flowgate never initialised: it is empty.
    if (/no such table|does not exist/.test((error as Error).message)) return EMPTY_TARGET;
    throw error;
  }
}
