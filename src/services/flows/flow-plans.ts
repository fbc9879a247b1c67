// Saved flows parsed and ordered once per saved version, not on every run (issue 12). An entry
// is keyed by the flow's id and answers only for the same version and updated_at: every save
// bumps the version (storage/repositories/flows.ts), so an updated flow is never served stale,
// whichever process saved it. Bounded: the oldest entry leaves first. One per app (AppDeps).
import { prepareFlow, type PreparedFlow } from '../../engine/prepared-flow.js';
import type { FlowRecord } from '../../storage/repositories/flows.js';

export const FLOW_PLANS_MAX_ENTRIES = 500;

interface Entry {
  version: number;
  updatedAt: string;
  plan: PreparedFlow;
}

export class FlowPlans {
  readonly #entries = new Map<string, Entry>();

  /** The plan of this version of the flow, when known; never parses. */
  cached(flow: Pick<FlowRecord, 'id' | 'version' | 'updatedAt'>): PreparedFlow | undefined {
    const entry = this.#entries.get(flow.id);
    return entry && entry.version === flow.version && entry.updatedAt === flow.updatedAt ? entry.plan : undefined;
  }

  /**
   * The flow's plan; parses `flow.data` only when this version is not known yet, after `check`
   * (which throws to refuse it, e.g. a flow too large to run). Throws FlowBuildError.
   */
  planFor(flow: Pick<FlowRecord, 'id' | 'version' | 'updatedAt' | 'data'>, check: (data: unknown) => void = () => {}): PreparedFlow {
    const entry = this.#entries.get(flow.id);
    if (entry && entry.version === flow.version && entry.updatedAt === flow.updatedAt) return entry.plan;
    check(flow.data);
    const plan = prepareFlow(flow.data);
    this.#entries.delete(flow.id);
    if (this.#entries.size >= FLOW_PLANS_MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(flow.id, { version: flow.version, updatedAt: flow.updatedAt, plan });
    return plan;
  }

  get size(): number {
    return this.#entries.size;
  }
}
