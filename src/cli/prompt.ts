// Asks for missing values: on a terminal with hidden input for secrets; otherwise one line of
// stdin per question (so scripts can pipe answers in). Prompts go to stderr, never stdout.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface Prompter {
  readonly interactive: boolean;
  /** `missing` is the error when stdin has no (more) lines to answer with. */
  ask(question: string, options: { hidden?: boolean; missing: string }): Promise<string>;
  close(): void;
}

export class NoInputError extends Error {}

export function createPrompter(input: Readable & { isTTY?: boolean } = process.stdin, output: Writable = process.stderr): Prompter {
  const interactive = Boolean(input.isTTY);
  let muted = false;
  let rl: readline.Interface | undefined;
  let lines: AsyncIterator<string> | undefined;
  // Opened on the first question only: a command given every value never touches stdin.
  const open = () => {
    rl = readline.createInterface({ input, output, terminal: interactive });
    // readline echoes what is typed through this method: silence it while a secret is typed.
    (rl as unknown as { _writeToOutput(s: string): void })._writeToOutput = (s: string) => {
      if (!muted) output.write(s);
    };
    // One iterator for the whole conversation: it buffers lines that arrive before they are asked for.
    return rl[Symbol.asyncIterator]();
  };
  return {
    interactive,
    async ask(question, options) {
      lines ??= open();
      // Piped input answers silently; only a person at a terminal needs to see the question.
      if (interactive) output.write(question);
      muted = Boolean(options.hidden) && interactive;
      try {
        const next = await lines.next();
        if (next.done) throw new NoInputError(options.missing);
        return next.value;
      } finally {
        if (muted) output.write('\n');
        muted = false;
      }
    },
    close: () => rl?.close(),
  };
}
