// Why an import stops before writing: the message is one clear paragraph (never a secret).
export class ImportError extends Error {
  override name = 'ImportError';
}
