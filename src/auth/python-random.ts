// Just enough of CPython's `random` module to reproduce `random.seed(some_str)` followed by
// `random.getrandbits(k)`, which is how Langflow turns a short secret key into a Fernet key.
// MT19937 as in CPython's Modules/_randommodule.c.
import { createHash } from 'node:crypto';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class PythonRandom {
  readonly #mt = new Uint32Array(N);
  #index = N + 1;

  /** `random.seed(seed)` for a str seed, version 2 (the default since Python 3.2). */
  constructor(seed: string) {
    this.#initByArray(seedWords(seed));
  }

  /** `random.getrandbits(k)` for 1 ≤ k ≤ 32: the top k bits of the next 32-bit output. */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 1 || k > 32) throw new RangeError('getrandbits: k must be 1..32');
    return this.#next() >>> (32 - k);
  }

  #initGenrand(seed: number): void {
    const mt = this.#mt;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.#index = N;
  }

  #initByArray(key: Uint32Array): void {
    const mt = this.#mt;
    this.#initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1];
      // Uint32Array stores modulo 2^32, as C's uint32_t arithmetic wraps.
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) >>> 0) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) >>> 0) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  #next(): number {
    const mt = this.#mt;
    if (this.#index >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
        mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      this.#index = 0;
    }
    let y = mt[this.#index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/**
 * Version-2 seeding of a str: `int.from_bytes(utf8 + sha512(utf8).digest(), 'big')`, then the
 * integer's 32-bit words, least significant first, as many as its bit length needs (so leading
 * zero bytes do not count).
 */
export function seedWords(seed: string): Uint32Array {
  const utf8 = Buffer.from(seed, 'utf8');
  const bytes = Buffer.concat([utf8, createHash('sha512').update(utf8).digest()]);
  let value = BigInt(`0x${bytes.toString('hex')}`);
  const words: number[] = [];
  while (value > 0n) {
    words.push(Number(value & 0xffffffffn));
    value >>= 32n;
  }
  if (words.length === 0) words.push(0);
  return Uint32Array.from(words);
}
