// A Prompt's `{variables}` become fields as the template is typed, as in Langflow: after a short
// pause the template goes to POST /validate/prompt, and the node takes the answer's fields;
// connections into variables that are gone are removed with them.
import { useCallback, useEffect, useRef } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowData } from '../../api/types';
import { edgeField, nodeType, type FrontendNode } from './graphModel';
import type { History } from './useHistory';

const PAUSE_MS = 400;

/** The answer's fields, with the values typed into the node since the question was asked. */
function withPromptNode(data: FlowData, nodeId: string, answer: FrontendNode): FlowData {
  const fields = new Set(Object.keys(answer.template));
  return {
    ...data,
    nodes: data.nodes.map((node) => {
      if (node.id !== nodeId) return node;
      const latest = (node.data?.node?.template ?? {}) as Record<string, { value?: unknown } | undefined>;
      const template = Object.fromEntries(
        Object.entries(answer.template).map(([name, field]) => {
          const typed = latest[name];
          return [name, typed && typeof field === 'object' && field !== null && 'value' in typed ? { ...field, value: typed.value } : field];
        }),
      );
      return { ...node, data: { ...node.data, node: { ...answer, template } } };
    }),
    edges: data.edges.filter((edge) => edge.target !== nodeId || fields.has(edgeField(edge))),
  };
}

export function usePromptFields(history: History, onError: (message: string) => void) {
  const timers = useRef(new Map<string, number>());
  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  return useCallback(
    (nodeId: string, key: string, value: unknown) => {
      const node = history.current().nodes.find((n) => n.id === nodeId);
      if (!node || nodeType(node) !== 'Prompt' || key !== 'template') return;
      window.clearTimeout(timers.current.get(nodeId));
      timers.current.set(
        nodeId,
        window.setTimeout(async () => {
          const current = history.current().nodes.find((n) => n.id === nodeId);
          if (!current?.data?.node) return;
          try {
            const answer = await api.post<{ input_variables: string[]; frontend_node: FrontendNode | null }>('/validate/prompt', {
              name: 'template',
              template: String(value ?? ''),
              frontend_node: current.data.node,
            });
            if (answer.frontend_node) history.replace((data) => withPromptNode(data, nodeId, answer.frontend_node!));
          } catch (reason) {
            onError(`Prompt: ${errorMessage(reason)}`);
          }
        }, PAUSE_MS),
      );
    },
    [history, onError],
  );
}
