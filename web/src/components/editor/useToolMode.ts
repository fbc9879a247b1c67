// Tool mode, as in Langflow's editor: the node asks POST /custom_component/update with
// `tool_mode`, and takes the answer's outputs (on: the one "Toolset", which an Agent's Tools
// field accepts) and template (on: with the tools' "Actions"). Connections from outputs the
// node no longer has are removed with them. One undo step.
import { useCallback } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowData, FlowNode } from '../../api/types';
import { edgeOutput, outputsOf, type FrontendNode } from './graphModel';
import type { History } from './useHistory';

/** Whether Langflow's editor would offer tool mode on the node: a field marked for tools, or already on. */
export function offersToolMode(node: FlowNode): boolean {
  const info = node.data?.node as FrontendNode | undefined;
  if (!info) return false;
  return info.tool_mode === true || Object.values(info.template ?? {}).some((field) => typeof field === 'object' && field !== null && (field as { tool_mode?: unknown }).tool_mode === true);
}

export function withToolMode(data: FlowData, nodeId: string, answer: FrontendNode): FlowData {
  let outputs = new Set<string>();
  const nodes = data.nodes.map((node) => {
    if (node.id !== nodeId || !node.data?.node) return node;
    const next = { ...node, data: { ...node.data, node: { ...node.data.node, template: answer.template, outputs: answer.outputs, tool_mode: answer.tool_mode } } } as FlowNode;
    outputs = new Set(outputsOf(next).map((output) => output.name));
    return next;
  });
  return { ...data, nodes, edges: data.edges.filter((edge) => edge.source !== nodeId || outputs.has(edgeOutput(edge))) };
}

export function useToolMode(history: History, onError: (message: string) => void) {
  return useCallback(
    async (nodeId: string, on: boolean) => {
      const node = history.current().nodes.find((n) => n.id === nodeId);
      if (!node?.data?.node) return;
      try {
        const answer = await api.post<FrontendNode>('/custom_component/update', {
          template: node.data.node.template,
          field: 'tool_mode',
          field_value: on,
          tool_mode: on,
        });
        history.commit((current) => withToolMode(current, nodeId, answer));
      } catch (reason) {
        onError(`Tool mode: ${errorMessage(reason)}`);
      }
    },
    [history, onError],
  );
}
