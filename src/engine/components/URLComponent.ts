// Langflow's URL component (type `URLComponent`, older exports `URL`): fetches pages and follows
// their links up to `max_depth` (1 = only the given pages), staying under the given URL when
// `prevent_outside` is on. Every request goes through the run's SSRF-guarded fetch. Outputs:
// `page_results` (DataFrame: text, url, title, description, content_type, language) and
// `raw_results` (Message: the texts joined by blank lines).
import { keyValueTableField, sliderField } from '../catalogue/data-fields.js';
import { boolField, dropdownField, intField, textField } from '../catalogue/fields.js';
import type { Component, ComponentContext, ComponentOutput } from '../component.js';
import { cleanString, createDataFrame } from '../data.js';
import { ComponentRunError } from '../errors.js';
import { boolValue, headerValues, numberValue, textList } from '../field-values.js';
import { describeNode } from '../flow-graph.js';
import { htmlMetadata, htmlToMarkdown, htmlToText, pageLinks } from '../html.js';
import { createMessage } from '../message.js';
import { OutboundBlockedError } from '../net/errors.js';

/** At most this many pages per given URL, whatever the depth. */
export const MAX_PAGES_PER_URL = 50;
const URL_PATTERN = /^(https?:\/\/)?(www\.)?([a-zA-Z0-9.-]+)(\.[a-zA-Z]{2,})?(:\d+)?(\/[^\s]*)?$/i;

interface PageRow extends Record<string, unknown> {
  text: string;
  url: string;
  title: string;
  description: string;
  content_type: string;
  language: string;
}

interface Settings {
  maxDepth: number;
  preventOutside: boolean;
  format: string;
  timeoutMs: number;
  headers: Record<string, string>;
  filterTextHtml: boolean;
  continueOnFailure: boolean;
  checkStatus: boolean;
}

function isParseable(url: string): boolean {
  try {
    return new globalThis.URL(url).hostname !== '';
  } catch {
    return false;
  }
}

function ensureUrl(raw: string): string {
  let url = raw.trim();
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  if (!URL_PATTERN.test(url) && !isParseable(url)) throw new ComponentRunError(`Error loading documents: Invalid URL: ${url}`);
  return url;
}


function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

async function fetchPage(ctx: ComponentContext, url: string, settings: Settings): Promise<{ row: PageRow; links: string[] } | undefined> {
  const response = await ctx.fetch(url, { headers: settings.headers, timeoutMs: settings.timeoutMs });
  const contentType = response.headers.get('content-type') ?? '';
  if (settings.checkStatus && response.status >= 400) {
    await response.body?.cancel().catch(() => {});
    throw new ComponentRunError(`${url} answered ${response.status}`);
  }
  const textual = contentType === '' || /^text\/|json|xml|javascript/i.test(contentType);
  if (settings.filterTextHtml && (!textual || /^text\/css/i.test(contentType))) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  const body = decode(new Uint8Array(await response.arrayBuffer()), contentType);
  const isHtml = /html/i.test(contentType) || (contentType === '' && /^\s*<(!doctype html|html)/i.test(body));
  const finalUrl = response.url || url;
  const text = !isHtml || settings.format === 'HTML' ? body : settings.format === 'Markdown' ? await htmlToMarkdown(body) : await htmlToText(body);
  const meta = isHtml ? await htmlMetadata(body) : { title: '', description: '', language: '' };
  return {
    row: { text: cleanString(text), url: finalUrl, title: meta.title, description: meta.description, content_type: contentType, language: meta.language },
    links: isHtml ? pageLinks(body, finalUrl) : [],
  };
}

async function crawl(ctx: ComponentContext, root: string, settings: Settings): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  const seen = new Set<string>([root]);
  let level = [root];
  for (let depth = 1; depth <= settings.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const url of level) {
      if (rows.length >= MAX_PAGES_PER_URL) return rows;
      let page: Awaited<ReturnType<typeof fetchPage>>;
      try {
        page = await fetchPage(ctx, url, settings);
      } catch (error) {
        // A refused address is never skipped quietly: the user must learn why.
        if (error instanceof OutboundBlockedError || !settings.continueOnFailure || ctx.signal.aborted) throw error;
        continue;
      }
      if (!page) continue;
      rows.push(page.row);
      if (depth === settings.maxDepth) continue;
      for (const link of page.links) {
        if (seen.has(link) || (settings.preventOutside && !link.startsWith(root))) continue;
        seen.add(link);
        next.push(link);
      }
    }
    level = next;
  }
  return rows;
}

async function fetchContent(ctx: ComponentContext): Promise<PageRow[]> {
  const urls = [...new Set(textList(ctx.input('urls')).map(ensureUrl))];
  if (urls.length === 0) throw new ComponentRunError(`Error loading documents: No valid URLs provided. (${describeNode(ctx.node)})`, ctx.node.id);
  const settings: Settings = {
    maxDepth: Math.round(numberValue(ctx.input('max_depth'), 1, 1, 5)),
    preventOutside: boolValue(ctx.input('prevent_outside'), true),
    format: ctx.text('format') || 'Text',
    timeoutMs: numberValue(ctx.input('timeout'), 30, 1) * 1000,
    headers: headerValues(ctx.input('headers')),
    filterTextHtml: boolValue(ctx.input('filter_text_html'), true),
    continueOnFailure: boolValue(ctx.input('continue_on_failure'), true),
    checkStatus: boolValue(ctx.input('check_response_status'), false),
  };
  const rows: PageRow[] = [];
  try {
    for (const url of urls) rows.push(...(await crawl(ctx, url, settings)));
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new ComponentRunError(`Error loading documents: ${(error as Error).message}`, ctx.node.id);
  }
  if (rows.length === 0) {
    throw new ComponentRunError('Error loading documents: No documents were successfully loaded from any URL', ctx.node.id);
  }
  return rows;
}

async function run(ctx: ComponentContext): Promise<ComponentOutput> {
  const rows = await fetchContent(ctx);
  const raw = createMessage({ text: rows.map((row) => row.text).join('\n\n'), timestamp: ctx.timestamp() });
  return { outputName: 'page_results', value: raw, outputs: { page_results: createDataFrame(rows), raw_results: raw } };
}

export const URLComponent: Component = {
  type: 'URLComponent',
  displayName: 'URL',
  definition: {
    category: 'data_source',
    description: 'Fetch content from one or more web pages, following links recursively.',
    icon: 'layout-template',
    fields: [
      textField('urls', 'URLs', '', {
        info: "Enter one or more URLs to crawl recursively, by clicking the '+' button.",
        input_types: [],
        is_list: true,
        list: true,
        list_add_label: 'Add URL',
        placeholder: 'Enter a URL...',
        tool_mode: true,
      }),
      sliderField('max_depth', 'Depth', 1, { min: 1, max: 5, step: 1 }, {
        info: "Controls how many 'clicks' away from the initial page the crawler will go (1: only the initial page).",
      }),
      boolField('prevent_outside', 'Prevent Outside', true, { advanced: true, info: 'If enabled, only crawls URLs under the root URL.' }),
      dropdownField('format', 'Output Format', ['Text', 'HTML', 'Markdown'], 'Text', { advanced: true, info: 'Text, Markdown, or the raw HTML.' }),
      intField('timeout', 'Timeout', 30, { advanced: true, info: 'Timeout for the request in seconds.' }),
      keyValueTableField('headers', 'Headers', 'Header', [{ key: 'User-Agent', value: 'langflow' }], {
        advanced: true,
        info: 'The headers to send with the request',
        input_types: ['DataFrame'],
      }),
      boolField('filter_text_html', 'Filter Text/HTML', true, { advanced: true, info: 'If enabled, skips non-text content and text/css.' }),
      boolField('continue_on_failure', 'Continue on Failure', true, { advanced: true, info: 'If enabled, continues crawling even if some requests fail.' }),
      boolField('check_response_status', 'Check Response Status', false, { advanced: true, info: 'If enabled, an error status fails the page.' }),
    ],
    outputs: [
      { name: 'page_results', display_name: 'Extracted Pages', method: 'fetch_content', types: ['DataFrame'] },
      { name: 'raw_results', display_name: 'Raw Content', method: 'fetch_content_as_message', types: ['Message'] },
    ],
  },
  run,
  tools: [
    {
      name: 'fetch_content',
      output: 'page_results',
      description: 'Fetch content from one or more web pages, following links recursively.',
      args: {
        urls: {
          type: 'array',
          items: { type: 'string' },
          description: "Enter one or more URLs to crawl recursively, by clicking the '+' button.",
        },
      },
    },
  ],
};

/** The same component under the type name of older exports. */
export const URL: Component = { ...URLComponent, type: 'URL', definition: undefined };
