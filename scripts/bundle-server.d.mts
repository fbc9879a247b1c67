/** Writes the server bundle to `outfile` (bundle-server.mjs). */
export function bundleServer(outfile: string, options?: { sourcemap?: boolean }): Promise<void>;
