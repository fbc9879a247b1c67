// What a run may reach outside the engine, given by the caller (services/flows/runs.ts): outbound
// HTTP and the caller's uploaded files. The engine knows nothing of HTTP servers or storage;
// without these, components that need them fail with a clear error.
import { ComponentRunError } from './errors.js';
import type { Message } from './message.js';
import type { OutboundFetch } from './net/outbound.js';

export interface UserFile {
  /** The name the user gave it (`report.pdf`): its extension picks the parser. */
  name: string;
  bytes: Uint8Array;
}

/** Which stored messages a Memory component reads (always the caller's own). */
export interface MessageQuery {
  sessionId: string;
  sender?: string;
  senderName?: string;
  /** The newest `limit` messages; all when absent. */
  limit?: number;
}

export interface RunServices {
  fetch: OutboundFetch;
  trustedFetch: OutboundFetch;
  files: {
    /** A file of the caller's by v2 path (`<user_id>/<file_id>.<ext>`), id, or name; refuses anything else. */
    read(reference: string): Promise<UserFile>;
  };
  /** The caller's chat history (Langflow's `message` table); absent = nothing is stored. */
  messages?: {
    store(message: Message): Promise<void>;
    /** Oldest first. */
    history(query: MessageQuery): Promise<Message[]>;
  };
}

const unavailable = (what: string) => () => Promise.reject(new ComponentRunError(`${what} are not available in this run`));

export const noRunServices: RunServices = {
  fetch: unavailable('Outbound requests'),
  trustedFetch: unavailable('Outbound requests'),
  files: { read: unavailable('Uploaded files') },
};
