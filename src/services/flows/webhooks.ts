// Langflow's webhook: accept at once (202), run the flow in the background as its owner, log the
// outcome; nothing after the 202 ever reaches the client. Langflow hands the body to the flow's
// Webhook component; the engine has none, so the body (as sent) is the run's input_value, which
// reaches every Chat Input and Text Input.
import { findFlowForAnonymousWebhook } from '../../storage/repositories/webhook-flows.js';
import { findUserById, type UserRecord } from '../../storage/repositories/users.js';
import type { FlowRecord } from '../../storage/repositories/flows.js';
import type { AppDeps } from '../deps.js';
import { AppError, BadRequestError, ForbiddenError, Messages } from '../errors.js';
import { findRunnableFlow, flowNotFound, runOwnedFlow } from './runs.js';

export const WEBHOOK_ACCEPTED = { message: 'Task started in the background', status: 'in progress' } as const;

const EMPTY_BODY = 'Request body is empty. You should provide a JSON payload containing the flow ID.';

/**
 * Webhook auth on: `caller` is the key's owner and the flow is one of theirs. Off
 * (LANGFLOW_WEBHOOK_AUTH_ENABLE=false): the flow is found by id among all flows and runs as its
 * owner, as in Langflow.
 */
export async function acceptWebhook(deps: AppDeps, caller: UserRecord | undefined, idOrName: string, body: string): Promise<void> {
  const { flow, owner } = deps.config.webhookAuthEnable
    ? await findCallersWebhookFlow(deps, caller, idOrName)
    : await findAnonymousWebhookFlow(deps, idOrName);
  if (!body) throw new BadRequestError(EMPTY_BODY);
  void runInBackground(deps, owner, flow, body);
}

async function findCallersWebhookFlow(deps: AppDeps, caller: UserRecord | undefined, idOrName: string) {
  if (!caller) throw new ForbiddenError(Messages.missingApiKey);
  return { flow: await findRunnableFlow(deps, caller.id, idOrName), owner: caller };
}

async function findAnonymousWebhookFlow(deps: AppDeps, idOrName: string): Promise<{ flow: FlowRecord; owner: UserRecord }> {
  const flow = await findFlowForAnonymousWebhook(deps.storage.db, idOrName);
  const owner = flow && (await findUserById(deps.storage.db, flow.userId));
  // A deactivated owner's flows do not run (D9), and say no more than an unknown flow.
  if (!flow || !owner || !owner.isActive) throw flowNotFound(idOrName);
  return { flow, owner };
}

async function runInBackground(deps: AppDeps, owner: UserRecord, flow: FlowRecord, body: string): Promise<void> {
  try {
    await runOwnedFlow(deps, owner, flow, { input_value: body, input_type: 'any', output_type: 'any' }, { headers: {} });
    deps.log.info(`webhook run of flow ${flow.id} finished`);
  } catch (error) {
    // Build errors, missing variables and time-outs carry value-free messages; others go whole to the log (D19).
    if (error instanceof AppError) deps.log.warn(`webhook run of flow ${flow.id} failed: ${error.message}`);
    else deps.log.error(error, `webhook run of flow ${flow.id} failed`);
  }
}
