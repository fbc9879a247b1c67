// Tells listeners, after the fact, that a statement of this process changed rows of a table that
// authentication reads (user, apikey, fg_session), so in-process caches of those rows are dropped
// by every write path, including ones added later and raw repository calls from tests.
import {
  type DeleteQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';

export const WATCHED_TABLES = new Set(['user', 'apikey', 'fg_session']);
// Columns no cache holds: API-key usage counts, a session's refresh generation and idle end
// (the refresh path reads the session row itself). The 0005 PostgreSQL triggers skip them too.
const UNCACHED_COLUMNS: Record<string, Set<string>> = {
  apikey: new Set(['total_uses', 'last_used_at']),
  fg_session: new Set(['generation', 'idle_expires_at']),
};

export type WriteListener = (table: string) => void;

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode') return (node as any).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as any).node);
  return undefined;
}

function watchedTable(node: RootOperationNode): string | undefined {
  if (node.kind === 'UpdateQueryNode') {
    const update = node as UpdateQueryNode;
    const table = tableName(update.table);
    if (!table || !WATCHED_TABLES.has(table)) return undefined;
    const columns = (update.updates ?? []).map((u) => (u.column as any).column?.name as string | undefined);
    const uncached = UNCACHED_COLUMNS[table];
    if (uncached && columns.length > 0 && columns.every((c) => c && uncached.has(c))) return undefined;
    return table;
  }
  if (node.kind === 'DeleteQueryNode') {
    const table = (node as DeleteQueryNode).from.froms.map(tableName).find((t) => t && WATCHED_TABLES.has(t));
    return table;
  }
  return undefined;
}

export class WriteWatchPlugin implements KyselyPlugin {
  readonly #pending = new WeakMap<object, string>();
  readonly #listeners: Set<WriteListener>;

  constructor(listeners: Set<WriteListener>) {
    this.#listeners = listeners;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const table = watchedTable(args.node);
    if (table) this.#pending.set(args.queryId, table);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const table = this.#pending.get(args.queryId);
    if (table) {
      this.#pending.delete(args.queryId);
      const affected = args.result.numAffectedRows;
      if (affected === undefined || affected > 0n) for (const listener of this.#listeners) listener(table);
    }
    return args.result;
  }
}
