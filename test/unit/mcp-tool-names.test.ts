// MCP tool names come out as Langflow's (expected values computed with Langflow's own
// sanitize_mcp_name and get_unique_name), since clients call tools by these names.
import { describe, expect, it } from 'vitest';
import { sanitizeMcpName, uniqueToolName } from '../../src/services/mcp/tool-names.js';

describe('sanitizeMcpName', () => {
  it.each([
    ['Basic Prompting', 'basic_prompting'],
    ['Basic Prompting (Hello, World)', 'basic_prompting_hello_world'],
    ['  Mémo – Café résumé  ', 'memo_cafe_resume'],
    ['123 go', '_123_go'],
    ['🚀 Rocket flow 🚀', 'rocket_flow'],
    ['Data-Pipeline__v2', 'data_pipeline_v2'],
    ['文档 助手 flow', 'flow'],
    ['a'.repeat(60), 'a'.repeat(46)],
    ['!!!', 'unnamed'],
    ['', ''],
    ['Ünïcödé   -  -  Name', 'unicode_name'],
    ['hello_world_'.repeat(5), 'hello_world_hello_world_hello_world_hello_worl'],
    ['Straße ß', 'straße_ß'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeMcpName(input)).toBe(expected);
  });
});

describe('uniqueToolName', () => {
  it('cuts to 30 characters and numbers clashes within them', () => {
    const taken = new Set<string>();
    const long = 'a_very_long_flow_name_that_goes_on_and_on';
    const first = uniqueToolName(long, taken);
    taken.add(first);
    const second = uniqueToolName(long, taken);
    taken.add(second);
    expect(first).toBe('a_very_long_flow_name_that_goe');
    expect(second).toBe('a_very_long_flow_name_that_g_1');
    expect(uniqueToolName(long, taken)).toBe('a_very_long_flow_name_that_g_2');
    expect(uniqueToolName('short', taken)).toBe('short');
  });
});
