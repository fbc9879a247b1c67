// The collected output of a command (a child process or an in-process run) and a way to wait
// for a line in it.
export interface OutputWatch {
  append(chunk: string): void;
  output(): string;
  /** Resolves with the first match of `pattern`; rejects when the command ends first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Call once the command has ended and its last output arrived. */
  ended(): void;
}

export function watchOutput(): OutputWatch {
  let text = '';
  let over = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  return {
    append(chunk) {
      text += chunk;
      notify();
    },
    output: () => text,
    ended() {
      over = true;
      notify();
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}; output so far:\n${text}`)), timeoutMs);
        const finish = (error?: Error, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (match) resolve(match);
          else reject(error);
        };
        const check = () => {
          const match = text.match(pattern);
          if (match) finish(undefined, match);
          else if (over) finish(new Error(`the command ended before ${pattern}; output:\n${text}`));
        };
        listeners.add(check);
        check();
      });
    },
  };
}
