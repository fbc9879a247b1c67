// Upload and download of Langflow flow exports. Upload takes one flow, `{flows: [...]}`, or a
// zip of flow files (what download gives), and creates new flows (new ids) for the caller.
// Download gives one flow as JSON, several as a zip; password fields are emptied in both.
import { strToU8, zipSync } from 'fflate';
import { listFlowsByIds, type FlowRecord } from '../../storage/repositories/flows.js';
import type { AppDeps } from '../deps.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { destinationFolder } from './flow-folders.js';
import { type FlowInput, readFlowInput } from './flow-input.js';
import { toFlowExport } from './flow-output.js';
import { createFlows } from './flows.js';
import { readZipEntries } from '../files/zip-entries.js';

export const MAX_FLOWS_PER_UPLOAD = 500;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError(`Invalid JSON file: ${what} is not valid JSON`);
  }
}

/**
 * The flow objects in a zip's .json entries. Each entry, and all of them together, may inflate
 * to at most `maxBytes` (the flows' request body limit): checked while inflating.
 */
export function flowsFromZip(bytes: Uint8Array, maxBytes: number): unknown[] {
  const entries = readZipEntries(bytes, (name) => name.toLowerCase().endsWith('.json') && !name.startsWith('__MACOSX/'), {
    maxBytes,
    tooLarge: `The ZIP's flows are larger than ${maxBytes} bytes once unpacked (LANGFLOW_MAX_REQUEST_BODY_BYTES)`,
  });
  const flows = [...entries].map(([name, content]) => parseJson(new TextDecoder().decode(content), name));
  if (flows.length === 0) throw new BadRequestError('No valid flow JSON files found in the ZIP');
  return flows;
}

function flowObjects(bytes: Uint8Array, maxBytes: number): unknown[] {
  if (isZip(bytes)) return flowsFromZip(bytes, maxBytes);
  const parsed = parseJson(new TextDecoder().decode(bytes), 'the file');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError(422, "Invalid JSON: expected an object with 'flows' or a single flow object");
  }
  const { flows } = parsed as { flows?: unknown };
  if (flows === undefined) return [parsed];
  if (!Array.isArray(flows)) throw new AppError(422, "Invalid JSON: 'flows' must be a list of flow objects");
  return flows;
}

export async function uploadFlows(deps: AppDeps, userId: string, bytes: Uint8Array | undefined, folderId: string | undefined): Promise<FlowRecord[]> {
  if (!bytes) throw new BadRequestError('No file provided');
  if (bytes.length === 0) throw new BadRequestError('The uploaded file is empty');
  const objects = flowObjects(bytes, deps.config.maxBodyBytes);
  if (objects.length > MAX_FLOWS_PER_UPLOAD) throw new BadRequestError(`At most ${MAX_FLOWS_PER_UPLOAD} flows per upload`);
  const inputs: FlowInput[] = objects.map((flow, index) => readFlowInput(flow, ['body', 'flows', index]));
  // An explicit ?folder_id= must be the caller's; a folder_id inside the file (an export from
  // elsewhere) falls back to the default project, as Langflow does.
  if (folderId) {
    const target = await destinationFolder(deps, deps.storage.db, userId, folderId, 'strict');
    for (const input of inputs) input.folder_id = target;
  }
  return createFlows(deps, userId, inputs, 'fallback');
}

export function safeFileName(name: string, fallback: string): string {
  let safe = name.replace(/[/\\]/g, '_').replace(/\0/g, '').replace(/\.\./g, '_').trim();
  if (/^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..+)?$/i.test(safe)) safe = `_${safe}`;
  return safe || fallback;
}

export type FlowDownload =
  | { kind: 'json'; flow: Record<string, unknown> }
  | { kind: 'zip'; fileName: string; bytes: Uint8Array };

/** Only the caller's flows among `ids`; none of them → 404 as Langflow answers. */
export async function downloadFlows(deps: AppDeps, userId: string, ids: string[]): Promise<FlowDownload> {
  const flows = await listFlowsByIds(deps.storage.db, userId, ids);
  if (flows.length === 0) throw new NotFoundError('No flows found.');
  if (flows.length === 1) return { kind: 'json', flow: toFlowExport(flows[0]) };
  return { kind: 'zip', fileName: `${downloadStamp(deps)}_langflow_flows.zip`, bytes: zipOfFlows(flows) };
}

/** Langflow's time stamp in download names: `20261206_045900`. */
export function downloadStamp(deps: AppDeps): string {
  return deps.clock.now().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** One `<name>.json` export per flow (password fields emptied); a repeated name gets the id. */
export function zipOfFlows(flows: FlowRecord[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const flow of flows) {
    let name = `${safeFileName(flow.name, flow.id)}.json`;
    if (files[name]) name = `${safeFileName(flow.name, flow.id)}-${flow.id}.json`;
    files[name] = strToU8(JSON.stringify(toFlowExport(flow), null, 2));
  }
  return zipSync(files);
}
