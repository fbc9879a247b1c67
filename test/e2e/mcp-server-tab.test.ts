// A project's "MCP Server" tab: a flow switched on and renamed there becomes that tool; the
// "None" choice warns; the client configuration names the Streamable HTTP URL, and the key the
// tab creates for it really connects an MCP client that lists exactly that tool.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { apiCall } from '../helpers/api-call.js';
import { createUser } from '../helpers/auth.js';
import { createApiKeyFor, promptFlowData } from '../helpers/run-fixtures.js';
import { saveScreenshot } from './browser.js';
import { openPage, signIn, withServerAndBrowser } from './fixtures.js';

describe('MCP Server tab', () => {
  const ui = withServerAndBrowser();

  it('turns a flow into a named tool and gives a working client configuration', async () => {
    const { server, browser } = ui;
    const user = await createUser(server, { username: 'toolmaker' });
    const setupKey = await createApiKeyFor(server, user.id);
    const headers = { 'x-api-key': setupKey.key };
    const project = (await apiCall(server, 'POST', '/api/v1/projects/', headers, { name: 'Agent Tools' })).body.id as string;
    for (const name of ['Greeter', 'Summariser']) {
      const created = await apiCall(server, 'POST', '/api/v1/flows/', headers, { name, data: promptFlowData(), folder_id: project });
      expect(created.status).toBe(201);
    }

    const { page } = await openPage(browser, 'mcp-server-tab');
    await signIn(page, server.url, user.username, user.password);
    await page.goto(`${server.url}/flows?project=${project}`);
    await page.getByRole('button', { name: 'MCP Server' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'mcp');

    await page.getByRole('checkbox', { name: 'Greeter' }).check();
    const toolName = page.getByLabel('Tool name of Greeter');
    expect(await toolName.inputValue()).toBe('greeter');
    await toolName.fill('say_hello');
    await page.getByLabel('Tool description of Greeter').fill('Greets whoever asks');

    await page.getByRole('button', { name: 'None (this machine only)' }).click();
    await page.getByText('Any program on this machine can list and run').waitFor();
    await page.getByRole('button', { name: 'API key', exact: true }).click();
    expect(await page.getByText('Any program on this machine can list and run').count()).toBe(0);

    await page.getByRole('button', { name: 'Save MCP settings' }).click();
    await page.getByText('MCP settings saved.').waitFor();
    const saved = await apiCall(server, 'GET', `/api/v1/mcp/project/${project}?mcp_enabled=false`, headers);
    const greeter = saved.body.tools.find((t: any) => t.name === 'Greeter');
    expect(greeter).toMatchObject({ mcp_enabled: true, action_name: 'say_hello', action_description: 'Greets whoever asks' });
    expect(saved.body.auth_settings).toEqual({ auth_type: 'apikey' });

    const configBlock = page.getByLabel('MCP client configuration');
    expect(await configBlock.innerText()).toContain('YOUR_API_KEY');
    await page.getByRole('button', { name: 'Create API key for this client' }).click();
    await expect.poll(async () => configBlock.innerText()).toMatch(/x-api-key: sk-/);
    const config = JSON.parse(await configBlock.innerText());
    const [entry] = Object.values(config.mcpServers) as { command: string; args: string[] }[];
    expect(entry.command).toBe('npx');
    const url = entry.args.find((a) => a.startsWith('http'))!;
    expect(url).toBe(`${server.url}/api/v1/mcp/project/${project}/streamable`);
    const key = entry.args[entry.args.indexOf('--header') + 1].replace(/^x-api-key: /, '');
    await saveScreenshot(page, 'mcp-server-tab');

    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { 'x-api-key': key } } }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.description])).toEqual([['say_hello', 'Greets whoever asks']]);
    const result = await client.callTool({ name: 'say_hello', arguments: { input_value: 'there' } });
    expect(result.content).toEqual([{ type: 'text', text: 'You said: there' }]);
    await client.close();
  });
});
