// Sends a build job's events as they come (Langflow's streaming and direct delivery: NDJSON,
// each event a JSON object followed by a blank line). The reader leaving cancels the build, as
// Langflow's DisconnectHandlerStreamingResponse does; a server shutting down ends the stream
// with an `error` event (Langflow's error message, which its UI shows) first.
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeBuildEvent, type BuildJob } from '../services/build-jobs/job.js';

export function streamJobEvents(request: FastifyRequest, reply: FastifyReply, job: BuildJob): PassThrough {
  const stream = new PassThrough();
  const stop = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) job.cancel(new Error('The client closed the stream'));
    stop.abort();
  });
  const shuttingDown = request.server.shutdownState.streamsMustEnd;
  const onShutdown = () => {
    if (!stream.writableEnded) stream.write(encodeBuildEvent('error', job.errorData('The server is shutting down; run the flow again')));
    job.cancel(new Error('The server is shutting down'));
    stop.abort();
  };
  if (shuttingDown.aborted) onShutdown();
  else shuttingDown.addEventListener('abort', onShutdown, { once: true });
  void (async () => {
    try {
      while (!stop.signal.aborted) {
        for (const line of job.take()) stream.write(line);
        if (job.finished && !job.hasQueued) break;
        await job.changed(stop.signal);
      }
    } finally {
      shuttingDown.removeEventListener('abort', onShutdown);
      stream.end();
    }
  })();
  return stream;
}

/** Polling: what is queued now, else the next events within `waitMs`, else nothing. */
export async function pollJobEvents(reply: FastifyReply, job: BuildJob, waitMs: number): Promise<string> {
  if (!job.hasQueued && !job.finished) {
    // The response's close (not the request's, which closes once its body is read): the poller left.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.on('close', onClose);
    try {
      await job.changed(gone.signal, waitMs);
    } finally {
      reply.raw.off('close', onClose);
    }
  }
  return job.take().join('\n');
}
