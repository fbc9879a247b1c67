// Process entry, started by bin/flowgate.js (the `flowgate` and `langflow` commands).
import { runCli } from './cli/main.js';
import { processIo } from './cli/process-io.js';

// Exit as soon as the command is done, even if a socket to an unresponsive database would keep
// the event loop alive (`run` has already answered or cut everything and closed the database).
process.exit(await runCli(process.argv.slice(2), process.env, processIo()));
