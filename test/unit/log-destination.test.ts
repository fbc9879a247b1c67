import { describe, expect, it } from 'vitest';
import { bufferedDestination } from '../../src/http/log-destination.js';

describe('buffered log destination', () => {
  it('writes the lines of one event-loop turn in one write, in order, and flush() writes at once', async () => {
    const writes: string[] = [];
    const destination = bufferedDestination({ write: (text: string) => writes.push(text) });
    destination.write('a\n');
    destination.write('b\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['a\nb\n']);
    destination.write('c\n');
    destination.flush();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
  });
});
