// Langflow's webhook: POST /api/v1/webhook/{flow_id_or_name} → 202, the flow runs in the
// background. Guard 'webhook': the owner's API key unless LANGFLOW_WEBHOOK_AUTH_ENABLE=false (D16).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../services/deps.js';
import { acceptWebhook, WEBHOOK_ACCEPTED } from '../../services/flows/webhooks.js';

const WebhookParams = Type.Object({ flow_id_or_name: Type.String() });
const Accepted = Type.Object({ message: Type.String(), status: Type.String() });

export function registerWebhookRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Own scope: webhook senders post any content type; the body is taken as text, as sent.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/webhook/:flow_id_or_name', {
      config: { auth: 'webhook' },
      schema: { params: WebhookParams, response: { 202: Accepted } },
    }, async (request, reply) => {
      const { flow_id_or_name: idOrName } = request.params as typeof WebhookParams.static;
      const body = typeof request.body === 'string' ? request.body : '';
      await acceptWebhook(deps, request.principal?.user, idOrName, body);
      return reply.status(202).send(WEBHOOK_ACCEPTED);
    });
  });
}
