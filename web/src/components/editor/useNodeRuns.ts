// Runs the flow up to one component, as Langflow's run button on a node: the editor's current
// flow (saved or not) goes to POST /api/v1/build/{flow_id}/flow?stop_component_id=<node>, and
// the streamed events become each node's status and last outputs. One run at a time; a new
// flow or leaving the page cancels it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { apiStream, errorMessage, isAborted, query } from '../../api/client';
import type { FlowData } from '../../api/types';
import { applyBuildEvent, finish, idleBuild, NdjsonReader, type BuildState, type NodeRun } from './buildEvents';

export interface NodeRuns {
  state: BuildState;
  runUpTo(nodeId: string): void;
  stop(): void;
  /** Opens the output inspector on a node. */
  inspect(nodeId: string): void;
}

export const NodeRunsContext = createContext<NodeRuns | null>(null);

export function useNodeRunsContext(): NodeRuns | null {
  return useContext(NodeRunsContext);
}

export function useNodeRun(nodeId: string): NodeRun | undefined {
  return useContext(NodeRunsContext)?.state.nodes[nodeId];
}

export function useNodeRuns(flowId: string, current: () => FlowData): Omit<NodeRuns, 'inspect'> {
  const [state, setState] = useState<BuildState>(idleBuild);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    setState(idleBuild);
    return () => controller.current?.abort();
  }, [flowId]);

  const stop = useCallback(() => controller.current?.abort(), []);

  const runUpTo = useCallback(
    (nodeId: string) => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      const { nodes, edges, viewport } = current();
      // The last outputs of nodes outside this run stay; those in it start over.
      setState((previous) => ({ running: true, stopAt: nodeId, nodes: previous.nodes, error: null }));
      const reader = new NdjsonReader();
      const apply = (text: string | null) => {
        const events = text === null ? reader.end() : reader.push(text);
        if (events.length) setState((s) => events.reduce(applyBuildEvent, s));
      };
      const path = `/build/${encodeURIComponent(flowId)}/flow${query({ stop_component_id: nodeId, event_delivery: 'direct' })}`;
      apiStream(path, { method: 'POST', json: { data: { nodes, edges, ...(viewport ? { viewport } : {}) } }, signal: mine.signal }, apply)
        .then(() => {
          apply(null);
          setState((s) => finish(s));
        })
        .catch((reason: unknown) => {
          if (isAborted(reason)) {
            setState((s) => finish(s));
            return;
          }
          const message = errorMessage(reason);
          setState((s) => finish(s, message));
        })
        .finally(() => {
          if (controller.current === mine) controller.current = null;
        });
    },
    [current, flowId],
  );

  return useMemo(() => ({ state, runUpTo, stop }), [state, runUpTo, stop]);
}
