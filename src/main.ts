#!/usr/bin/env node
// Process entry for both bins, `flowgate` and `langflow`.
import { runCli } from './cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), process.env);
