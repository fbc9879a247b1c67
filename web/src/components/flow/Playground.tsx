// Chat with the saved flow: POST /api/v1/run/{id}?stream=true with the cookie session. The
// answer grows as its `token` events arrive (a model with Stream on sends one per provider
// chunk), and each Chat Output's complete message replaces its tokens; leaving or starting a new
// chat closes the stream, which cancels the run and its model call.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, apiStream, errorMessage, isAborted, query } from '../../api/client';
import { chatOutputText } from '../../lib/flowData';
import { uuid } from '../../lib/uuid';
import { RunEventReader, type RunEvent } from './runEvents';

interface Message {
  id: number;
  role: 'user' | 'flow' | 'error';
  text: string;
  /** The server's id of a flow message, which its `token` events carry. */
  serverId?: string;
}

interface StoredMessage {
  text: string;
  sender: string;
  timestamp: string;
}

/** The flow's chat sessions (the monitor routes: messages stored by Chat Input and Chat Output). */
function useSessions(flowId: string) {
  const [sessions, setSessions] = useState<string[]>([]);
  const reload = async () => {
    try {
      const list = await api.get<string[]>(`/monitor/messages/sessions${query({ flow_id: flowId })}`);
      setSessions(Array.isArray(list) ? list : []);
    } catch {
      // The list is a convenience: a failure leaves the chat usable.
    }
  };
  return { sessions, reload };
}

export function Playground({ flowId, dirty }: { flowId: string; dirty: boolean }) {
  const history = useSessions(flowId);
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [sessionId, setSessionId] = useState(() => uuid());
  const nextId = useRef(1);
  const logRef = useRef<HTMLDivElement>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void history.reload(), [flowId]);

  const openSession = async (id: string) => {
    controller.current?.abort();
    setBusy(false);
    setSessionId(id);
    try {
      const stored = await api.get<StoredMessage[]>(`/monitor/messages${query({ flow_id: flowId, session_id: id })}`);
      setMessages(
        (Array.isArray(stored) ? stored : []).map((m) => ({ id: nextId.current++, role: m.sender === 'User' ? 'user' : 'flow', text: m.text })),
      );
    } catch (reason) {
      setMessages([{ id: nextId.current++, role: 'error', text: errorMessage(reason) }]);
    }
  };

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages, busy]);

  const add = (role: Message['role'], text: string) => setMessages((list) => [...list, { id: nextId.current++, role, text }]);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    add('user', text);
    setInput('');
    setBusy(true);
    controller.current = new AbortController();
    const reader = new RunEventReader();
    let answered = false;
    const apply = (event: RunEvent) => {
      if (event.event === 'token') {
        answered = true;
        setMessages((list) => grow(list, event.data.id, event.data.chunk, nextId));
      } else if (event.event === 'add_message' && event.data.sender !== 'User') {
        answered = true;
        setMessages((list) => settle(list, event.data.id, event.data.text, nextId));
      } else if (event.event === 'end') {
        const sid = event.data.result?.session_id;
        if (typeof sid === 'string' && sid && sid !== sessionId) setSessionId(sid);
        if (!answered) add('flow', chatOutputText(event.data.result) ?? 'The flow finished without a chat message. Add a Chat Output component to see its answer here.');
      } else if (event.event === 'error') {
        add('error', event.data.error);
      }
    };
    try {
      await apiStream(
        `/run/${encodeURIComponent(flowId)}${query({ stream: 'true' })}`,
        { method: 'POST', json: { input_value: text, input_type: 'chat', output_type: 'chat', session_id: sessionId }, signal: controller.current.signal },
        (chunk) => reader.push(chunk).forEach(apply),
      );
      reader.end().forEach(apply);
    } catch (reason) {
      if (isAborted(reason)) return;
      add('error', errorMessage(reason));
    } finally {
      setBusy(false);
      void history.reload();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const newChat = () => {
    controller.current?.abort();
    setMessages([]);
    setSessionId(uuid());
    setBusy(false);
  };

  return (
    <div className="playground">
      <div className="playground-head">
        <label className="muted small" htmlFor="playground-session">
          Session
        </label>
        <select id="playground-session" className="input select input-sm" aria-label="Chat sessions" value={sessionId} onChange={(e) => void openSession(e.target.value)}>
          {[...new Set([sessionId, ...history.sessions])].map((id) => (
            <option key={id} value={id}>
              {id.length > 20 ? `${id.slice(0, 8)}…` : id}
              {history.sessions.includes(id) ? '' : ' (new)'}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm btn-ghost" onClick={newChat} disabled={messages.length === 0 && !busy}>
          New chat
        </button>
      </div>
      {dirty ? <p className="playground-note">The Playground runs the saved flow. Save to try your changes.</p> : null}
      <div ref={logRef} className="chat-log" role="log" aria-live="polite" aria-label="Conversation">
        {messages.length === 0 && !busy ? <p className="chat-empty">Send a message to run this flow.</p> : null}
        {messages.map((message) => (
          <div key={message.id} className={`chat-msg chat-${message.role}`}>
            <span className="chat-who">{message.role === 'user' ? 'You' : message.role === 'flow' ? 'Flow' : 'Error'}</span>
            <div className="chat-text">{message.text}</div>
          </div>
        ))}
        {busy && messages.at(-1)?.role === 'user' ? (
          <div className="chat-msg chat-flow">
            <span className="chat-who">Flow</span>
            <div className="chat-text typing" aria-label="Running">
              <span />
              <span />
              <span />
            </div>
          </div>
        ) : null}
      </div>
      <form className="chat-form" onSubmit={send}>
        <label htmlFor="playground-input" className="sr-only">
          Message
        </label>
        <textarea id="playground-input" className="input textarea chat-input" rows={2} placeholder="Type a message… (Enter to send, Shift+Enter for a new line)" value={input} onChange={(e) => setInput(e.target.value)} onKeyDown={onKeyDown} />
        <button type="submit" className="btn btn-primary" disabled={busy || !input.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}

/** The list with `chunk` added to the flow message `serverId` (a new one on its first token). */
function grow(list: Message[], serverId: string | undefined, chunk: string, nextId: { current: number }): Message[] {
  const at = serverId ? list.findIndex((m) => m.serverId === serverId) : -1;
  if (at < 0) return [...list, { id: nextId.current++, role: 'flow', text: chunk, serverId }];
  return list.map((m, i) => (i === at ? { ...m, text: m.text + chunk } : m));
}

/** The list with the flow message `serverId` set to its complete text. */
function settle(list: Message[], serverId: string | undefined, text: unknown, nextId: { current: number }): Message[] {
  const full = typeof text === 'string' ? text : '';
  const at = serverId ? list.findIndex((m) => m.serverId === serverId) : -1;
  if (at < 0) return [...list, { id: nextId.current++, role: 'flow', text: full, serverId }];
  return list.map((m, i) => (i === at ? { ...m, text: full } : m));
}
