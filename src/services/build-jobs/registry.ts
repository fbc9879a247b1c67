// The build jobs of one app instance, by id. A job is its owner's alone: anyone else asking for
// it gets the same 404 as for an id that never existed. Finished jobs are forgotten after
// FINISHED_JOB_RETENTION_MS; running ones count against MAX_RUNNING_BUILDS_PER_USER.
import { AppError, NotFoundError } from '../errors.js';
import { BuildJob, type BuildErrorData } from './job.js';
import { FINISHED_JOB_RETENTION_MS, MAX_RUNNING_BUILDS_PER_USER } from './limits.js';

export class BuildJobRegistry {
  private readonly jobs = new Map<string, BuildJob>();
  private closed = false;

  /** A new job for `ownerId`; 429 when they already have the maximum running. */
  create(ownerId: string, errorData: BuildErrorData): BuildJob {
    if (this.closed) throw new AppError(503, 'The server is shutting down; run the flow again');
    let running = 0;
    for (const job of this.jobs.values()) if (job.ownerId === ownerId && !job.finished) running++;
    if (running >= MAX_RUNNING_BUILDS_PER_USER) {
      throw new AppError(429, `You already have ${MAX_RUNNING_BUILDS_PER_USER} builds running; wait for one to finish or cancel it`);
    }
    const job = new BuildJob(ownerId, errorData);
    this.jobs.set(job.id, job);
    return job;
  }

  /** Call when the job's build has stopped: the job is forgotten after the retention time. */
  retire(job: BuildJob): void {
    job.finish();
    setTimeout(() => this.jobs.delete(job.id), FINISHED_JOB_RETENTION_MS).unref();
  }

  /** The caller's job, else 404 (Langflow's message for an unknown job). */
  get(ownerId: string, jobId: string): BuildJob {
    const job = this.jobs.get(jobId);
    if (!job || job.ownerId !== ownerId) throw new NotFoundError(`Job not found: Job queue not found for job_id: ${jobId}`);
    return job;
  }

  /** Cancels every job (the server is closing). */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) job.cancel(new Error('The server is shutting down'));
    this.jobs.clear();
  }
}
