// What an import did (or, with --dry-run, would do), per kind of record: found in Langflow,
// imported (of which renamed), already there from an earlier import, skipped and why.
export const KINDS = ['users', 'projects', 'flows', 'apiKeys', 'variables', 'storeKeys', 'mcpSettings', 'messages'] as const;
export type Kind = (typeof KINDS)[number];

const LABELS: Record<Kind, string> = {
  users: 'users',
  projects: 'projects',
  flows: 'flows',
  apiKeys: 'API keys',
  variables: 'variables',
  storeKeys: 'Store keys',
  mcpSettings: 'MCP settings',
  messages: 'messages',
};

export class Tally {
  found = 0;
  imported = 0;
  renamed = 0;
  already = 0;
  readonly skipped = new Map<string, number>();

  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  get skippedCount(): number {
    let n = 0;
    for (const count of this.skipped.values()) n += count;
    return n;
  }
}

export interface ImportSummary {
  tallies: Record<Kind, Tally>;
  /** Accounts whose password is a known default: imported locked, flagged for a reset. */
  flagged: string[];
  /** One line each, for what the operator must know (renamed, not importable, locked). */
  notes: string[];
  dryRun: boolean;
}

export function emptySummary(dryRun: boolean): ImportSummary {
  const tallies = Object.fromEntries(KINDS.map((k) => [k, new Tally()])) as Record<Kind, Tally>;
  return { tallies, flagged: [], notes: [], dryRun };
}

/** The table printed at the end (and alone with --dry-run). */
export function formatSummary(summary: ImportSummary): string {
  const header = ['', 'found', summary.dryRun ? 'would import' : 'imported', 'renamed', 'already there', 'skipped'];
  const rows = KINDS.map((kind) => {
    const t = summary.tallies[kind];
    return [LABELS[kind], t.found, t.imported, t.renamed, t.already, t.skippedCount].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const reasons = KINDS.flatMap((kind) =>
    [...summary.tallies[kind].skipped].map(([reason, count]) => `  ${LABELS[kind]}: ${count} skipped, ${reason}`),
  );
  if (reasons.length) out.push('', 'Skipped:', ...reasons);
  if (summary.flagged.length) {
    out.push(
      '',
      `!!! ${summary.flagged.length} account(s) had a known default password and cannot log in until an admin sets a new one: ${summary.flagged.join(', ')}`,
    );
  }
  if (summary.notes.length) out.push('', 'Notes:', ...summary.notes.map((n) => `  - ${n}`));
  if (summary.dryRun) out.push('', 'Dry run: nothing was written.');
  return out.join('\n');
}
