// The run's result in Langflow's `/run` response shape:
// `{session_id, outputs: [{inputs: {input_value}, outputs: [ResultData…]}]}`, one ResultData per
// output component. As Langflow 1.1+ does, a chat output's `outputs.message.message` is the
// message object (with `text`) and a text output's is the string; @datastax/langflow-client's
// `chatOutputText()` reads either.
import type { Message } from './message.js';
import type { FlowRunResult, RunOutput } from './run-flow.js';

export interface LangflowResultMessage {
  message: string;
  sender: string | null;
  sender_name: string | null;
  session_id: string | null;
  stream_url: null;
  component_id: string;
  files: unknown[];
  type: 'message';
}

export interface LangflowResultData {
  results: Record<string, Message & { text_key: 'text'; data: Message; default_value: '' }>;
  outputs: Record<string, { message: Message; type: 'message' } | { message: string; type: 'text' }>;
  artifacts: Record<string, unknown>;
  logs: Record<string, unknown[]>;
  messages: LangflowResultMessage[];
  timedelta: null;
  duration: null;
  component_id: string;
  component_display_name: string;
  used_frozen_result: false;
}

export interface LangflowRunResponse {
  session_id: string;
  outputs: { inputs: { input_value: string }; outputs: LangflowResultData[] }[];
}

export function toRunResponse(result: FlowRunResult, inputValue: string | undefined = result.inputValue): LangflowRunResponse {
  return {
    session_id: result.sessionId,
    outputs: [{ inputs: { input_value: inputValue ?? '' }, outputs: result.outputs.map(toResultData) }],
  };
}

// The message is shared by the parts of the answer, not copied: nothing changes it once the run
// has ended, and the answer is only serialised.
function toResultData(output: RunOutput): LangflowResultData {
  const message = output.message;
  const { text } = message;
  const name = output.outputName;
  return {
    results: { [name]: { text_key: 'text', data: message, default_value: '', ...message } },
    outputs: { [name]: output.isChatMessage ? { message, type: 'message' } : { message: text, type: 'text' } },
    artifacts: output.isChatMessage
      ? { message: text, sender: message.sender, sender_name: message.sender_name, files: [], type: 'object' }
      : { repr: text, raw: text, type: 'text' },
    logs: { [name]: [] },
    messages: output.isChatMessage
      ? [
          {
            message: text,
            sender: message.sender,
            sender_name: message.sender_name,
            session_id: message.session_id,
            stream_url: null,
            component_id: output.componentId,
            files: [],
            type: 'message',
          },
        ]
      : [],
    timedelta: null,
    duration: null,
    component_id: output.componentId,
    component_display_name: output.componentDisplayName,
    used_frozen_result: false,
  };
}
