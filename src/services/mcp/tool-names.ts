// Langflow's MCP tool names (lfx.base.mcp.util): a flow's name made into a lower-case
// identifier, then made unique within 30 characters. Clients call tools by these names, so
// they must come out exactly as Langflow's do.

export const MAX_MCP_TOOL_NAME_LENGTH = 30;

// Langflow's emoji pattern, range for range (it also drops CJK and other non-BMP text).
const EMOJI =
  /[\u{1f600}-\u{1f64f}\u{1f300}-\u{1f5ff}\u{1f680}-\u{1f6ff}\u{1f1e0}-\u{1f1ff}\u{2500}-\u{2bef}\u{2702}-\u{27b0}\u{24c2}-\u{1f251}\u{1f926}-\u{1f937}\u{10000}-\u{10ffff}\u{2640}-\u{2642}\u{2600}-\u{2b55}\u{200d}\u{23cf}\u{23e9}\u{231a}\u{fe0f}\u{3030}]+/gu;

/** Langflow's sanitize_mcp_name: letters, digits and underscores, lower case, never empty. */
export function sanitizeMcpName(name: string, maxLength = 46): string {
  if (!name || !name.trim()) return '';
  let out = name.replace(EMOJI, '');
  // Accents go (NFD, then drop combining marks), as Python's unicodedata category "Mn".
  out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
  // Python's \w is Unicode letters, digits and underscore.
  out = out.replace(/[^\p{L}\p{N}_\s-]/gu, '');
  out = out.replace(/[-\s]+/gu, '_');
  out = out.replace(/_+/g, '_');
  out = out.replace(/^_+|_+$/g, '');
  if (out && /^\p{Nd}/u.test(out)) out = `_${out}`;
  out = out.toLowerCase();
  if (out.length > maxLength) out = out.slice(0, maxLength).replace(/_+$/, '');
  return out || 'unnamed';
}

/** Langflow's get_unique_name: `base` cut to `maxLength`, or with `_1`, `_2`… when taken. */
export function uniqueToolName(base: string, existing: ReadonlySet<string>, maxLength = MAX_MCP_TOOL_NAME_LENGTH): string {
  const name = base.slice(0, maxLength);
  if (!existing.has(name)) return name;
  for (let i = 1; ; i += 1) {
    const suffix = `_${i}`;
    const candidate = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!existing.has(candidate)) return candidate;
  }
}
