// The images a user message carries to a model: the files attached to a Chat Input's message
// (Langflow's Message.files), read through the run's file service (the caller's own uploads
// only). As Langflow's to_lc_message, only a user's message brings its files. Unlike Langflow,
// which sends every attached file as an image data URL, a file that is not an image is refused
// with a clear error (providers reject it anyway), and the type comes from the bytes.
import type { ComponentContext } from '../component.js';
import { ComponentRunError } from '../errors.js';
import { describeNode } from '../flow-graph.js';
import { isMessage } from '../message.js';
import type { ChatImage } from './chat-types.js';

/** The images attached to the message in `field`, in order; none for text or a model's message. */
export async function imagesOf(ctx: ComponentContext, field: string): Promise<ChatImage[]> {
  const value = ctx.input(field);
  if (!isMessage(value) || value.files.length === 0) return [];
  if (value.sender !== null && value.sender !== 'User') return [];
  const images: ChatImage[] = [];
  for (const reference of value.files) {
    if (typeof reference !== 'string' || reference.trim() === '') continue;
    const file = await ctx.files.read(reference);
    const mediaType = imageType(file.bytes);
    if (!mediaType) {
      throw new ComponentRunError(
        `${describeNode(ctx.node)}: the attached file ${file.name} is not an image (PNG, JPEG, GIF, WebP or BMP); only images are sent to a model with a message`,
        ctx.node.id,
      );
    }
    images.push({ mediaType, base64: Buffer.from(file.bytes).toString('base64') });
  }
  return images;
}

/** The image type the bytes begin with (their signature), or undefined. */
export function imageType(bytes: Uint8Array): string | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (starts(0x42, 0x4d) && bytes.length > 14) return 'image/bmp';
  return undefined;
}
