// What one user may store: flows (count and the length of their JSON) and files (count and
// bytes), LANGFLOW_MAX_FLOWS_PER_USER, _FLOW_MB_PER_USER, _FILES_PER_USER, _FILE_MB_PER_USER
// (issue 10, finding 7). Langflow has no quotas, so there is no status of its to follow: a count
// over its limit is 409, bytes over theirs 413, each with a JSON detail naming the setting.
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config-types.js';
import type { Database } from '../../storage/schema.js';
import { fileUsage } from '../../storage/repositories/files.js';
import { flowUsage } from '../../storage/repositories/flows.js';
import { AppError } from '../errors.js';

const MIB = 1024 * 1024;

/** Before storing `added` more flows of `addedBytes` (and dropping `removedBytes`, for an update). */
export async function assertFlowQuota(
  config: Config,
  db: Kysely<Database>,
  userId: string,
  change: { added: number; addedBytes: number; removedBytes?: number },
): Promise<void> {
  const usage = await flowUsage(db, userId);
  if (change.added > 0 && usage.count + change.added > config.quotas.flows) {
    throw new AppError(409, `Flow limit reached: at most ${config.quotas.flows} flows per user (LANGFLOW_MAX_FLOWS_PER_USER)`);
  }
  if (usage.bytes - (change.removedBytes ?? 0) + change.addedBytes > config.quotas.flowBytes) {
    throw new AppError(413, `Flow storage limit reached: at most ${config.quotas.flowBytes / MIB} MB of flows per user (LANGFLOW_MAX_FLOW_MB_PER_USER)`);
  }
}

/** Before a file upload: refuses at the file count limit; returns the bytes the user may still store. */
export async function fileBytesLeft(config: Config, db: Kysely<Database>, userId: string): Promise<number> {
  const usage = await fileUsage(db, userId);
  if (usage.count >= config.quotas.files) {
    throw new AppError(409, `File limit reached: at most ${config.quotas.files} files per user (LANGFLOW_MAX_FILES_PER_USER)`);
  }
  const left = config.quotas.fileBytes - usage.bytes;
  if (left <= 0) throw fileStorageFull(config);
  return left;
}

export function fileStorageFull(config: Config): AppError {
  return new AppError(413, `File storage limit reached: at most ${config.quotas.fileBytes / MIB} MB of files per user (LANGFLOW_MAX_FILE_MB_PER_USER)`);
}
