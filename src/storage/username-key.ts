// The one rule that decides when two usernames are the same account, computed here (never by
// the database, whose lower() folds ASCII only on SQLite and follows the locale on PostgreSQL).
// Trimmed, NFKC (so fullwidth `ａｄｍｉｎ` is `admin`), and case-folded: lower(upper(lower(x)))
// approximates Unicode full case folding (ß → ss, ς → σ, ﬁ → fi), which JavaScript lacks.
export function usernameKey(username: string): string {
  const once = username.trim().normalize('NFKC');
  return once.toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}
