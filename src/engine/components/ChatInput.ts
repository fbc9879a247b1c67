// Langflow's Chat Input: the request's input_value (or the typed text) as a User message, with
// the caller's uploaded files (`files`) attached; a model reading the message is sent its images.
import { fileField } from '../catalogue/data-fields.js';
import { chatFields, multilineField } from '../catalogue/fields.js';
import type { Component, ComponentContext } from '../component.js';
import { textList } from '../field-values.js';
import { createMessage } from '../message.js';
import { storeMessage } from '../message-store.js';

/** Langflow's Chat Input file types: documents and images. */
const CHAT_FILE_TYPES = ['csv', 'json', 'pdf', 'txt', 'md', 'mdx', 'yaml', 'yml', 'xml', 'html', 'htm', 'docx', 'py', 'sh', 'sql', 'js', 'ts', 'tsx', 'jpg', 'jpeg', 'png', 'bmp', 'image'];

export const ChatInput: Component = {
  type: 'ChatInput',
  displayName: 'Chat Input',
  definition: {
    category: 'input_output',
    description: 'Get chat inputs from the Playground.',
    icon: 'MessagesSquare',
    fields: [
      multilineField('input_value', 'Input Text', '', { info: 'Message to be passed as input.', input_types: [] }),
      fileField('files', 'Files', CHAT_FILE_TYPES, { advanced: true, info: 'Files to be sent with the message.', temp_file: true }),
      ...chatFields('User', 'User'),
    ],
    outputs: [{ name: 'message', display_name: 'Chat Message', method: 'message_response', types: ['Message'] }],
  },
  async run(ctx) {
    const message = createMessage({
      id: ctx.newId(),
      timestamp: ctx.timestamp(),
      text: ctx.text('input_value'),
      sender: ctx.text('sender') || 'User',
      sender_name: ctx.text('sender_name') || 'User',
      session_id: ctx.text('session_id') || ctx.sessionId,
      flow_id: ctx.flowId,
      icon: ctx.text('chat_icon'),
      background_color: ctx.text('background_color'),
      text_color: ctx.text('text_color'),
      files: attachedFiles(ctx),
    });
    await storeMessage(ctx, message);
    return { outputName: 'message', value: message, send: 'message' };
  },
};


/**
 * The paths in `files`: a tweak or the editor sets its value; Langflow's own saved form (and its
 * tweaks of file fields) use `file_path`. A single path or a list; empty entries dropped.
 */
function attachedFiles(ctx: ComponentContext): string[] {
  const fromValue = textList(ctx.input('files'));
  if (fromValue.length > 0) return fromValue.map((ref) => ref.trim());
  return textList(ctx.node.template.files?.file_path).map((ref) => ref.trim());
}
