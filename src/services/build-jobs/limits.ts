// The bounds of the build API's jobs (documented in docs/api.md, "Build API"). Jobs live in the
// memory of the instance that started them.

/** Builds one user may have running at once; one more is refused with 429. Langflow: no limit. */
export const MAX_RUNNING_BUILDS_PER_USER = 4;

/** How long a finished job's undelivered events stay readable. Langflow's grace period is 300 s. */
export const FINISHED_JOB_RETENTION_MS = 5 * 60 * 1000;

/** Undelivered events a job may hold; past this (nobody reads them) the build is cancelled. */
export const MAX_QUEUED_EVENT_BYTES = 16 * 1024 * 1024;

/** How long `?event_delivery=polling` waits for an event when none is queued before answering empty. */
export const POLL_WAIT_MS = 10 * 1000;
