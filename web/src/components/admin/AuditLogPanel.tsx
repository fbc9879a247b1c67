import { useEffect, useState } from 'react';
import type { AuditEvent } from '../../api/types';
import { formatDate } from '../../lib/dates';
import { useAsync } from '../../lib/useAsync';
import { useDebounced } from '../../lib/useDebounced';
import { Alert } from '../Alert';
import { SelectField } from '../Field';
import { Pagination } from '../Pagination';
import { Table, type Column } from '../Table';
import { listAudit, listUsers } from './api';

const PAGE_SIZE = 25;

/** `detail` is JSON (object or text) naming reasons and fields; never values. */
function formatAuditDetail(detail: unknown): string {
  let value = detail;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return value as string;
    }
  }
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

function who(name: string | null, id: string | null): string {
  return name || (id ? `${id.slice(0, 8)}…` : '—');
}

export function AuditLogPanel() {
  const [userId, setUserId] = useState('');
  const [event, setEvent] = useState('');
  const [page, setPage] = useState(0);
  const eventTerm = useDebounced(event.trim(), 300);
  const users = useAsync((signal) => listUsers({ skip: 0, limit: 200 }, signal), []);
  const events = useAsync(
    (signal) => listAudit({ skip: page * PAGE_SIZE, limit: PAGE_SIZE, user_id: userId || undefined, event: eventTerm || undefined }, signal),
    [page, userId, eventTerm],
  );
  const [knownEvents, setKnownEvents] = useState<string[]>([]);

  // Event names seen so far feed the filter's suggestions.
  useEffect(() => {
    const names = events.data?.events.map((e) => e.event) ?? [];
    setKnownEvents((previous) => {
      const all = new Set([...previous, ...names]);
      return all.size === previous.length ? previous : [...all].sort();
    });
  }, [events.data]);

  const columns: Column<AuditEvent>[] = [
    { key: 'time', header: 'Time', render: (e) => <span className="nowrap">{formatDate(e.created_at)}</span> },
    { key: 'event', header: 'Event', render: (e) => <code className="event-name">{e.event}</code> },
    { key: 'actor', header: 'Actor', render: (e) => who(e.actor_username, e.actor_id) },
    { key: 'target', header: 'Target', render: (e) => who(e.target_username, e.target_id) },
    { key: 'ip', header: 'IP address', render: (e) => <span className="mono-soft">{e.ip ?? '—'}</span> },
    { key: 'detail', header: 'Details', className: 'cell-detail', render: (e) => <span className="muted">{formatAuditDetail(e.detail) || '—'}</span> },
  ];

  const userOptions = [{ value: '', label: 'All users' }, ...(users.data?.users ?? []).map((u) => ({ value: u.id, label: u.username }))];

  return (
    <>
      <div className="toolbar filters">
        <SelectField
          label="User"
          value={userId}
          onChange={(value) => {
            setUserId(value);
            setPage(0);
          }}
          options={userOptions}
        />
        <div className="field">
          <label htmlFor="audit-event" className="field-label">
            Event
          </label>
          <input
            id="audit-event"
            className="input"
            list="audit-event-names"
            placeholder="All events"
            value={event}
            onChange={(e) => {
              setEvent(e.target.value);
              setPage(0);
            }}
          />
          <datalist id="audit-event-names">
            {knownEvents.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        {userId || event ? (
          <button
            type="button"
            className="btn btn-ghost filters-clear"
            onClick={() => {
              setUserId('');
              setEvent('');
              setPage(0);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      {events.error ? (
        <Alert tone="error" title="Could not load the audit log" actions={<button type="button" className="btn btn-sm" onClick={events.reload}>Retry</button>}>
          {events.error.message}
        </Alert>
      ) : null}
      <Table caption="Audit log" columns={columns} rows={events.data?.events} rowKey={(e) => e.id} loading={events.loading} empty="No events match these filters." />
      <Pagination page={page} pageSize={PAGE_SIZE} total={events.data?.total_count ?? 0} onPage={setPage} noun="events" />
    </>
  );
}
