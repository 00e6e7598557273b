"""The engine every job runs on: consumer groups, key-ordered concurrency,
retries that wait, dead letters, job status, traces."""
