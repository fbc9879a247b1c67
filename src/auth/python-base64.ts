// Python's `base64.urlsafe_b64decode(bytes)` (binascii.a2b_base64, non-strict mode), which is what
// `cryptography`'s Fernet applies to Langflow's long secret keys. It is lenient: it accepts both
// alphabets, skips any byte outside them (spaces, newlines, UTF-8 of non-ASCII characters), stops
// at the first complete padding, and drops the last character's unused bits. So keys such as
// `openssl rand -base64 32` output work in Langflow, and must decode identically here.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map<number, number>([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]));
VALUES.set('-'.charCodeAt(0), 62); // urlsafe_b64decode translates '-' to '+'
VALUES.set('_'.charCodeAt(0), 63); // and '_' to '/'
const PAD = '='.charCodeAt(0);

/** The decoded bytes, or null where Python raises binascii.Error. */
export function pythonUrlsafeB64decode(input: Uint8Array): Buffer | null {
  const out: number[] = [];
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (const byte of input) {
    if (byte === PAD) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const value = VALUES.get(byte);
    if (value === undefined) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        leftChar = value;
        quadPos = 1;
        break;
      case 1:
        out.push(((leftChar << 2) | (value >> 4)) & 0xff);
        leftChar = value & 0x0f;
        quadPos = 2;
        break;
      case 2:
        out.push(((leftChar << 4) | (value >> 2)) & 0xff);
        leftChar = value & 0x03;
        quadPos = 3;
        break;
      default:
        out.push(((leftChar << 6) | value) & 0xff);
        leftChar = 0;
        quadPos = 0;
    }
  }
  return quadPos === 0 ? Buffer.from(out) : null;
}
