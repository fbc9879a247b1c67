// File, Parser and Calculator through POST /run: the File component reads only the caller's
// uploaded files (text, PDF, DOCX) by the path the v2 upload returned; Parser fills templates
// from Data and DataFrames; Calculator evaluates arithmetic without eval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../helpers/auth.js';
import { componentNode, link, startSite, type Site } from '../helpers/component-flows.js';
import { databaseKinds } from '../helpers/databases.js';
import { docxWithText, pdfWithText } from '../helpers/documents.js';
import { createApiKeyFor, createFlowVia } from '../helpers/run-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const OUT = 'ChatOutput-o1';

describe.each(databaseKinds())('data components on $kind', (kind) => {
  let server: TestServer;
  let site: Site;
  let owner: TestUser;
  let ownerKey: string;
  let otherKey: string;
  let otherPath: string;
  const paths: Record<string, string> = {};
  const flows: Record<string, string> = {};

  async function upload(key: string, name: string, content: string | Uint8Array) {
    const form = new FormData();
    form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
    const response = await fetch(`${server.url}/api/v2/files`, { method: 'POST', headers: { 'x-api-key': key }, body: form });
    expect(response.status).toBe(201);
    return (await response.json()).path as string;
  }

  beforeAll(async () => {
    site = await startSite({
      '/pokemon': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'pikachu', height: 4 })),
      '/list': '<html><head><title>Listing</title></head><body><p>Items</p></body></html>',
    });
    server = await startTestServer(kind, { env: { LANGFLOW_SSRF_ALLOWED_HOSTS: '127.0.0.1' } });
    owner = await createUser(server);
    ownerKey = (await createApiKeyFor(server, owner.id)).key;
    otherKey = (await createApiKeyFor(server, (await createUser(server)).id)).key;
    paths.txt = await upload(ownerKey, 'notes.txt', 'Plain notes.\nSecond line.');
    paths.pdf = await upload(ownerKey, 'report.pdf', pdfWithText(['Quarterly revenue grew 12%', 'Costs fell']));
    paths.docx = await upload(ownerKey, 'memo.docx', docxWithText(['Memo title', 'Ship on Friday']));
    paths.bin = await upload(ownerKey, 'image.png', new Uint8Array([137, 80, 78, 71]));
    paths.md = await upload(ownerKey, 'readme.md', '# Title\n\n- item');
    paths.csv = await upload(ownerKey, 'table.csv', 'a,b\n1,2');
    paths.json = await upload(ownerKey, 'data.json', '{ "name": "Ada",\n  "age": 36 }');
    paths.html = await upload(ownerKey, 'page.html', '<p>Hello</p>');
    otherPath = await upload(otherKey, 'secret.txt', 'the other user\'s secret');

    const file = componentNode('File-f1', 'File', { path: [], separator: '\n\n', ignore_unsupported_extensions: true });
    flows.file = await createFlowVia(server, ownerKey, { nodes: [file, componentNode(OUT, 'ChatOutput')], edges: [link('File-f1', 'message', OUT, 'input_value')] });
    flows.apiParser = await createFlowVia(server, ownerKey, {
      nodes: [
        componentNode('APIRequest-a1', 'APIRequest', { url_input: `${site.url}/pokemon`, method: 'GET' }),
        componentNode('ParserComponent-p1', 'ParserComponent', { mode: 'Parser', pattern: '{source} -> {status_code}', sep: '\n' }),
        componentNode(OUT, 'ChatOutput'),
      ],
      edges: [link('APIRequest-a1', 'data', 'ParserComponent-p1', 'input_data'), link('ParserComponent-p1', 'parsed_text', OUT, 'input_value')],
    });
    flows.urlParser = await createFlowVia(server, ownerKey, {
      nodes: [
        componentNode('URLComponent-u1', 'URLComponent', { urls: [`${site.url}/list`, `${site.url}/pokemon`] }),
        componentNode('parser-p1', 'parser', { mode: 'Parser', pattern: 'Title: {title} ({url})', sep: ' | ' }),
        componentNode(OUT, 'ChatOutput'),
      ],
      edges: [link('URLComponent-u1', 'page_results', 'parser-p1', 'input_data'), link('parser-p1', 'parsed_text', OUT, 'input_value')],
    });
    flows.calculator = await createFlowVia(server, ownerKey, {
      nodes: [
        componentNode('CalculatorComponent-c1', 'CalculatorComponent', { expression: '' }),
        componentNode('ParserComponent-p1', 'ParserComponent', { mode: 'Stringify', pattern: '' }),
        componentNode(OUT, 'ChatOutput'),
      ],
      edges: [link('CalculatorComponent-c1', 'result', 'ParserComponent-p1', 'input_data'), link('ParserComponent-p1', 'parsed_text', OUT, 'input_value')],
    });
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  async function run(flowId: string, tweaks: Record<string, unknown> = {}, key = ownerKey) {
    const response = await fetch(`${server.url}/api/v1/run/${flowId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ tweaks }),
    });
    const body = await response.json();
    return { status: response.status, body, text: body.outputs?.[0]?.outputs?.[0]?.results?.message?.text as string | undefined };
  }

  it('File reads text, PDF and DOCX uploads by their v2 path, joined by the separator', async () => {
    const result = await run(flows.file, { 'File-f1': { path: [paths.txt, paths.pdf, paths.docx] } });
    expect(result.status).toBe(200);
    expect(result.text).toBe('Plain notes.\nSecond line.\n\nQuarterly revenue grew 12%\nCosts fell\n\nMemo title\n\nShip on Friday');
  });

  it('File reads Markdown, CSV, JSON and HTML uploads as the text they hold', async () => {
    const result = await run(flows.file, { 'File-f1': { path: [paths.md, paths.csv, paths.json, paths.html] } });
    expect(result.status).toBe(200);
    expect(result.text).toBe('# Title\n\n- item\n\na,b\n1,2\n\n{ "name": "Ada",\n  "age": 36 }\n\n<p>Hello</p>');
  });

  it('File skips unsupported types, and fails clearly when nothing is left', async () => {
    expect((await run(flows.file, { 'File-f1': { path: [paths.bin, paths.txt] } })).text).toBe('Plain notes.\nSecond line.');
    const none = await run(flows.file, { 'File-f1': { path: [paths.bin] } });
    expect(none.status).toBe(400);
    expect(none.body.detail).toContain('none of its files could be read');
    const empty = await run(flows.file, { 'File-f1': { path: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toContain('has no file');
  });

  it.each([
    ['another user\'s file', () => otherPath],
    ['another user\'s file id under my user id', () => `${owner.id}/${otherPath.split('/')[1]}`],
    ['a path outside the files directory', () => '../../../../etc/passwd'],
    ['an absolute path', () => '/etc/passwd'],
    ['a made-up id', () => `${owner.id}/00000000-0000-4000-8000-000000000000`],
  ])('File refuses %s with the same clear 400', async (_name, reference) => {
    const result = await run(flows.file, { 'File-f1': { path: [reference()] } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toMatch(/^File not found among your uploaded files: /);
    expect(JSON.stringify(result.body)).not.toContain('secret');
  });

  it('Parser fills a template from a Data (API Request)', async () => {
    const result = await run(flows.apiParser);
    expect(result.status).toBe(200);
    expect(result.text).toBe(`${site.url}/pokemon -> 200`);
  });

  it('Parser (type "parser") fills a template per DataFrame row, joined by sep', async () => {
    const result = await run(flows.urlParser);
    expect(result.status).toBe(200);
    expect(result.text).toBe(`Title: Listing (${site.url}/list) | Title:  (${site.url}/pokemon)`);
  });

  it('Parser reports a template column the DataFrame lacks', async () => {
    const result = await run(flows.urlParser, { 'parser-p1': { pattern: '{nope}' } });
    expect(result.status).toBe(400);
    expect(result.body.detail).toContain('the template uses {nope}, which is not a column of the DataFrame');
  });

  it.each([
    ['4*4*(33/22)+12-20', { result: '16' }],
    ['2 ** 10 / 3', { result: '341.333333' }],
    ['1/0', { error: 'Error: Division by zero', input: '1/0' }],
    ['process.exit(1)', { error: 'Invalid expression: Function calls like sqrt(), sin(), cos() etc. are not supported. Only basic arithmetic operations (+, -, *, /, **) are allowed.', input: 'process.exit(1)' }],
    ['constructor', { error: 'Invalid expression: Unsupported operation or expression type: Identifier', input: 'constructor' }],
  ])('Calculator evaluates %s safely (Stringify shows the Data)', async (expression, data) => {
    const result = await run(flows.calculator, { 'CalculatorComponent-c1': { expression } });
    expect(result.status).toBe(200);
    expect(result.text).toBe('```json\n' + JSON.stringify(data, null, 2) + '\n```');
  });

  it('nodes drawn from the catalogue run: Calculator → Parser → Chat Output', async () => {
    const catalogue = await (await fetch(`${server.url}/api/v1/all`, { headers: { 'x-api-key': ownerKey } })).json();
    const placed = (type: string, id: string, node: any) => ({ id, type: 'genericNode', position: { x: 0, y: 0 }, data: { id, type, node: structuredClone(node) } });
    const calculator = placed('CalculatorComponent', 'CalculatorComponent-k1', catalogue.utilities.CalculatorComponent);
    const parse = placed('ParserComponent', 'ParserComponent-k2', catalogue.processing.ParserComponent);
    const output = placed('ChatOutput', 'ChatOutput-k3', catalogue.input_output.ChatOutput);
    expect(catalogue.data_source.URLComponent.outputs.map((o: any) => o.name)).toEqual(['page_results', 'raw_results']);
    expect(catalogue.data_source.APIRequest.template.method.options).toEqual(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
    expect(catalogue.files_and_knowledge.File.template.path.fileTypes).toContain('pdf');
    calculator.data.node.template.expression.value = '6*7';
    parse.data.node.template.pattern.value = 'The answer is {result}';
    const flowId = await createFlowVia(server, ownerKey, {
      nodes: [calculator, parse, output],
      edges: [link('CalculatorComponent-k1', 'result', 'ParserComponent-k2', 'input_data'), link('ParserComponent-k2', 'parsed_text', 'ChatOutput-k3', 'input_value')],
    });
    const result = await run(flowId);
    expect(result.status).toBe(200);
    expect(result.text).toBe('The answer is 42');
  });
});
