// A project's download and upload, as Langflow's projects router has them. Download: a zip of
// the project's flows, one `<name>.json` each, password fields emptied. Upload: Langflow's
// project JSON (`{folder_name, folder_description, flows}`) or such a zip; either becomes a new
// project of the caller's, with new flows. Everything is checked before anything is written.
import { listFlows } from '../../storage/repositories/flows.js';
import type { AppDeps } from '../deps.js';
import { AppError, BadRequestError, NotFoundError } from '../errors.js';
import { type FlowInput, readFlowInput } from '../flows/flow-input.js';
import { type FlowJson, toFlowRead } from '../flows/flow-output.js';
import { downloadStamp, flowsFromZip, isZip, MAX_FLOWS_PER_UPLOAD, parseJson, safeFileName, zipOfFlows } from '../flows/flow-transfer.js';
import { createFlows } from '../flows/flows.js';
import { createProject, deleteProject, ownProject } from './projects.js';

export async function downloadProject(deps: AppDeps, userId: string, projectId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const project = await ownProject(deps.storage.db, userId, projectId);
  const flows = await listFlows(deps.storage.db, userId, { folderId: project.id });
  if (flows.length === 0) throw new NotFoundError('No flows found in project');
  return { fileName: `${downloadStamp(deps)}_${safeFileName(project.name, 'project')}_flows.zip`, bytes: zipOfFlows(flows) };
}

interface ProjectFile {
  name: string;
  description: string | null;
  flows: unknown[];
}

const DOWNLOAD_NAME = /^\d{8}_\d{6}_(.+)_flows\.zip$/;

/** The project's name from a downloaded zip's file name (`<time>_<name>_flows.zip`). */
function nameFromZipFileName(fileName: string | undefined): string {
  const base = (fileName ?? '').replace(/^.*[/\\]/, '');
  return DOWNLOAD_NAME.exec(base)?.[1] ?? (base.replace(/\.zip$/i, '') || 'Uploaded project');
}

function readProjectFile(bytes: Uint8Array, fileName: string | undefined, maxBytes: number): ProjectFile {
  if (isZip(bytes)) return { name: nameFromZipFileName(fileName), description: null, flows: flowsFromZip(bytes, maxBytes) };
  const parsed = parseJson(new TextDecoder().decode(bytes), 'the file');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequestError('No flows found in the file');
  const data = parsed as Record<string, unknown>;
  if (typeof data.folder_name !== 'string' || !data.folder_name.trim()) {
    throw new AppError(422, "Invalid project file: 'folder_name' must be a non-empty string");
  }
  if (!Array.isArray(data.flows)) throw new BadRequestError('No flows found in the data');
  const description = typeof data.folder_description === 'string' ? data.folder_description : null;
  return { name: data.folder_name.trim(), description, flows: data.flows };
}

export async function uploadProject(deps: AppDeps, userId: string, bytes: Uint8Array | undefined, fileName: string | undefined): Promise<FlowJson[]> {
  if (!bytes) throw new BadRequestError('No file provided');
  if (bytes.length === 0) throw new BadRequestError('The uploaded file is empty');
  const file = readProjectFile(bytes, fileName, deps.config.maxBodyBytes);
  if (file.flows.length > MAX_FLOWS_PER_UPLOAD) throw new BadRequestError(`At most ${MAX_FLOWS_PER_UPLOAD} flows per upload`);
  const inputs: FlowInput[] = file.flows.map((flow, index) => readFlowInput(flow, ['body', 'flows', index]));
  const project = await createProject(deps, userId, { name: file.name.slice(0, 1000), description: file.description });
  for (const input of inputs) input.folder_id = project.id;
  try {
    return (await createFlows(deps, userId, inputs, 'strict')).map(toFlowRead);
  } catch (error) {
    // The flows could not be written: the project they were for goes too.
    await deleteProject(deps, userId, project.id);
    throw error;
  }
}
