// HTML pages as text, Markdown and links, with maintained libraries (html-to-text, turndown),
// loaded on the first page converted rather than at start.

const loadHtmlToText = () => import('html-to-text');
const loadTurndown = async () => (await import('turndown')).default;

export async function htmlToText(html: string): Promise<string> {
  const { convert } = await loadHtmlToText();
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}

export async function htmlToMarkdown(html: string): Promise<string> {
  const TurndownService = await loadTurndown();
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced' });
  service.remove(['script', 'style', 'noscript']);
  return service.turndown(html);
}

/** `<title>`, meta description and `<html lang>`, as Langflow's loader records them. */
export async function htmlMetadata(html: string): Promise<{ title: string; description: string; language: string }> {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const description =
    /<meta\s[^>]*name\s*=\s*["']description["'][^>]*content\s*=\s*["']([^"']*)["']/i.exec(html)?.[1] ??
    /<meta\s[^>]*content\s*=\s*["']([^"']*)["'][^>]*name\s*=\s*["']description["']/i.exec(html)?.[1] ??
    '';
  const language = /<html\s[^>]*lang\s*=\s*["']?([\w-]+)/i.exec(html)?.[1] ?? '';
  return { title: (await htmlToText(title)).trim(), description: (await htmlToText(description)).trim(), language };
}

/** The absolute http(s) links of a page, without fragments, in order, once each. */
export function pageLinks(html: string, base: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
    const raw = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (!raw || raw.startsWith('#')) continue;
    let url: URL;
    try {
      url = new URL(raw.replace(/&amp;/g, '&'), base);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    const href = url.toString();
    if (!links.includes(href)) links.push(href);
  }
  return links;
}
