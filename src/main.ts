// Process entry, started by bin/flowgate.js (the `flowgate` and `langflow` commands).
import { runCli } from './cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), process.env);
