// The text of an uploaded document, by its extension: plain text formats as UTF-8, PDF with
// unpdf (pdf.js), DOCX with mammoth. Anything else is unsupported (the caller decides whether
// that is an error). The parsers are loaded on the first document of their kind, not at start.

const loadUnpdf = () => import('unpdf');
const loadMammoth = async () => (await import('mammoth')).default;

/** Langflow's TEXT_FILE_TYPES: read as text. */
export const TEXT_EXTENSIONS = [
  'txt', 'md', 'mdx', 'csv', 'json', 'yaml', 'yml', 'xml', 'html', 'htm', 'py', 'js', 'ts', 'tsx', 'sql', 'sh',
];
export const DOCUMENT_EXTENSIONS = ['pdf', 'docx'];

export class UnsupportedDocumentError extends Error {}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isSupportedDocument(name: string): boolean {
  const extension = extensionOf(name);
  return TEXT_EXTENSIONS.includes(extension) || DOCUMENT_EXTENSIONS.includes(extension);
}

export async function documentText(name: string, bytes: Uint8Array): Promise<string> {
  const extension = extensionOf(name);
  if (TEXT_EXTENSIONS.includes(extension)) return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (extension === 'pdf') {
    const { extractText, getDocumentProxy } = await loadUnpdf();
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return text;
    } finally {
      await pdf.destroy();
    }
  }
  if (extension === 'docx') {
    const mammoth = await loadMammoth();
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return value.trim();
  }
  throw new UnsupportedDocumentError(`Unsupported file type ".${extension}"`);
}
