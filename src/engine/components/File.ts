// Langflow's File (Read File): the text of the caller's uploaded files. `path` holds the v2
// file paths Langflow's UI stores (`<user_id>/<file_id>`); `file_path` may bring more from an
// edge (a Data or Message with `file_path`). Files are read only through the run's file service,
// which serves the caller's own files and nothing else. Output `message`: the texts joined by
// `separator`; `dataframe`: one row per file (`text`, `file_path`).
import { fileField } from '../catalogue/data-fields.js';
import { boolField, handleField, textField } from '../catalogue/fields.js';
import { DOCUMENT_EXTENSIONS, TEXT_EXTENSIONS } from '../documents.js';
import type { Component, ComponentContext } from '../component.js';
import { createDataFrame, isData } from '../data.js';
import { documentText, isSupportedDocument } from '../documents.js';
import { ComponentRunError } from '../errors.js';
import { boolValue, textList } from '../field-values.js';
import { describeNode } from '../flow-graph.js';
import { createMessage, isMessage } from '../message.js';

function references(ctx: ComponentContext): string[] {
  const fromPath = textList(ctx.input('path'));
  const connected = ctx.input('file_path');
  const items = Array.isArray(connected) ? connected.flat() : connected === undefined || connected === '' ? [] : [connected];
  const fromEdge = items.flatMap((item): string[] => {
    if (isData(item) && typeof item.data.file_path === 'string') return [item.data.file_path];
    if (isMessage(item)) return item.text.split('\n').filter((line) => line.trim() !== '');
    return typeof item === 'string' && item.trim() !== '' ? [item] : [];
  });
  return [...new Set([...fromPath, ...fromEdge].map((ref) => ref.trim()))];
}

export const File: Component = {
  type: 'File',
  displayName: 'Read File',
  definition: {
    category: 'files_and_knowledge',
    description: 'Loads content from one or more files.',
    icon: 'file-text',
    fields: [
      fileField('path', 'Files', [...TEXT_EXTENSIONS, ...DOCUMENT_EXTENSIONS], { info: 'Supported file extensions: ' + [...TEXT_EXTENSIONS, ...DOCUMENT_EXTENSIONS].join(', ') }),
      handleField('file_path', 'Server File Path', ['Data', 'Message'], { advanced: true, list: true, info: 'Data with a file_path, or a Message of paths.' }),
      textField('separator', 'Separator', '\n\n', { _input_type: 'StrInput', advanced: true, input_types: [], info: 'Between the files\' texts.' }),
      boolField('ignore_unsupported_extensions', 'Ignore Unsupported Extensions', true, { advanced: true }),
      boolField('silent_errors', 'Silent Errors', false, { advanced: true, info: 'If true, files that cannot be read are skipped.' }),
    ],
    outputs: [{ name: 'message', display_name: 'Raw Content', method: 'load_files_message', types: ['Message'] }],
  },
  async run(ctx) {
    const refs = references(ctx);
    if (refs.length === 0) throw new ComponentRunError(`${describeNode(ctx.node)} has no file: upload one and select it`, ctx.node.id);
    const skipUnsupported = boolValue(ctx.input('ignore_unsupported_extensions'), true);
    const silent = boolValue(ctx.input('silent_errors'), false);
    const rows: { text: string; file_path: string }[] = [];
    for (const ref of refs) {
      const file = await ctx.files.read(ref);
      if (!isSupportedDocument(file.name)) {
        if (skipUnsupported) continue;
        throw new ComponentRunError(`${describeNode(ctx.node)}: unsupported file type: ${file.name}`, ctx.node.id);
      }
      try {
        rows.push({ text: await documentText(file.name, file.bytes), file_path: ref });
      } catch (error) {
        if (silent) continue;
        throw new ComponentRunError(`${describeNode(ctx.node)}: could not read ${file.name}: ${(error as Error).message}`, ctx.node.id);
      }
    }
    if (rows.length === 0) throw new ComponentRunError(`${describeNode(ctx.node)}: none of its files could be read`, ctx.node.id);
    const separator = ctx.input('separator') === undefined || ctx.text('separator') === '' ? '\n\n' : ctx.text('separator');
    const message = createMessage({ text: rows.map((row) => row.text).join(separator), timestamp: ctx.timestamp() });
    return { outputName: 'message', value: message, outputs: { message, dataframe: createDataFrame(rows) } };
  },
};
