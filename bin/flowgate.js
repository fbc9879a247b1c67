#!/usr/bin/env -S node --
// The `flowgate` and `langflow` commands. The `--` in the line above matters: Node 20 takes
// `--env-file` for itself wherever it appears on its command line, even after the script name,
// so without it `flowgate run --env-file .env` would be answered by Node, not by Flowgate.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!fs.existsSync(fileURLToPath(entry))) {
  console.error('Flowgate is not built yet: run `npm run build` (or `npm start`) in its folder first.');
  process.exit(2);
}
await import(entry.href);
