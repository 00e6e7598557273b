"""Job history: the tracker that records every job's life from `jobs.status`, the
store it writes to, and the API and dashboard that read it."""
