// Langflow's renaming on a clash: flow and project names become `Name (n)`, endpoint names
// `name-n`, n one more than the highest number already taken.

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `taken` holds the names that start with `name` (a superset is fine). */
export function nextNumberedName(name: string, taken: string[]): string {
  if (!taken.includes(name)) return name;
  const pattern = new RegExp(`^${escapeRegExp(name)} \\((\\d+)\\)$`);
  const numbers = taken.map((n) => pattern.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `${name} (${numbers.length > 0 ? Math.max(...numbers) + 1 : 1})`;
}

export function nextNumberedEndpoint(endpoint: string, taken: string[]): string {
  if (!taken.includes(endpoint)) return endpoint;
  const pattern = new RegExp(`^${escapeRegExp(endpoint)}-(\\d+)$`);
  const numbers = taken.map((n) => pattern.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `${endpoint}-${numbers.length > 0 ? Math.max(...numbers) + 1 : 1}`;
}
