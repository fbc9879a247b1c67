// Undo and redo over whole snapshots of the flow (they share unchanged nodes, so a snapshot is
// cheap). A drag is one step: positions change without history and the drag's end records it.
import { useCallback, useRef, useState } from 'react';
import type { FlowData } from '../../api/types';

const LIMIT = 100;

export interface History {
  data: FlowData;
  /** The latest flow, for callbacks that outlive a render. */
  current(): FlowData;
  /** Change the flow as one undoable step. */
  commit(next: FlowData | ((current: FlowData) => FlowData)): void;
  /** Change the flow without a step (drag in progress, measured sizes). */
  replace(next: FlowData | ((current: FlowData) => FlowData)): void;
  /** Record the state before a series of `replace`s as one step. */
  checkpoint(before: FlowData): void;
  undo(): boolean;
  redo(): boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** Start over from a loaded flow (no history). */
  reset(data: FlowData): void;
}

export function useHistory(initial: FlowData, onChange: () => void): History {
  const [data, setData] = useState(initial);
  const dataRef = useRef(initial);
  const past = useRef<FlowData[]>([]);
  const future = useRef<FlowData[]>([]);
  const [, setTick] = useState(0);

  const set = useCallback((next: FlowData) => {
    dataRef.current = next;
    setData(next);
    setTick((t) => t + 1);
  }, []);

  const resolve = (next: FlowData | ((current: FlowData) => FlowData)) => (typeof next === 'function' ? next(dataRef.current) : next);

  const commit = useCallback(
    (next: FlowData | ((current: FlowData) => FlowData)) => {
      const value = resolve(next);
      if (value === dataRef.current) return;
      past.current = [...past.current.slice(-(LIMIT - 1)), dataRef.current];
      future.current = [];
      set(value);
      onChange();
    },
    [onChange, set],
  );

  const replace = useCallback((next: FlowData | ((current: FlowData) => FlowData)) => set(resolve(next)), [set]);

  const checkpoint = useCallback(
    (before: FlowData) => {
      if (before === dataRef.current) return;
      past.current = [...past.current.slice(-(LIMIT - 1)), before];
      future.current = [];
      setTick((t) => t + 1);
      onChange();
    },
    [onChange],
  );

  const undo = useCallback(() => {
    const previous = past.current.at(-1);
    if (!previous) return false;
    past.current = past.current.slice(0, -1);
    future.current = [...future.current, dataRef.current];
    set(previous);
    onChange();
    return true;
  }, [onChange, set]);

  const redo = useCallback(() => {
    const next = future.current.at(-1);
    if (!next) return false;
    future.current = future.current.slice(0, -1);
    past.current = [...past.current, dataRef.current];
    set(next);
    onChange();
    return true;
  }, [onChange, set]);

  const reset = useCallback(
    (value: FlowData) => {
      past.current = [];
      future.current = [];
      set(value);
    },
    [set],
  );

  const current = useCallback(() => dataRef.current, []);

  return { data, current, commit, replace, checkpoint, undo, redo, canUndo: past.current.length > 0, canRedo: future.current.length > 0, reset };
}
