// Preloaded (node --import) into the server processes the benchmark starts: answers the bench's
// IPC messages with the event-loop delay since the last reset. Changes nothing else.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (process.send) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  process.on('message', (message) => {
    if (message === 'eld-reset') histogram.reset();
    if (message === 'eld-read') {
      process.send({ eldP99Ms: histogram.percentile(99) / 1e6, eldMaxMs: histogram.max / 1e6 });
    }
  });
  process.channel?.unref();
}
