// Server timestamps are UTC; some (imported from Langflow) lack the `Z`.
export function parseServerDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  let text = value.trim().replace(' ', 'T');
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(text)) text += 'Z';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDate(value: string | null | undefined, empty = '—'): string {
  const date = parseServerDate(value);
  return date ? full.format(date) : empty;
}

/** The date without the time (tables; the full value goes in a title). */
export function formatDay(value: string | null | undefined, empty = '—'): string {
  const date = parseServerDate(value);
  return date ? day.format(date) : empty;
}

/** "3 minutes ago", falling back to the date after a week. */
export function formatRelative(value: string | null | undefined, empty = '—'): string {
  const date = parseServerDate(value);
  if (!date) return empty;
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return relative.format(Math.round(seconds / 86400), 'day');
  return full.format(date);
}
