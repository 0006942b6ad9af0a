-- Why: a job claimed by an instance that then died waited out a 60 s lease, long enough for an
-- escalation to run out before its page went. Leases are now a few seconds, renewed while the job
-- runs (src/engine/worker.ts, ADR 0019). `locked_by` names the instance holding a job (host and
-- process id), so that a worker can wake when another's lease ends and an operator can see who runs
-- what; the index finds the first lease to end without reading every pending job.
ALTER TABLE jobs ADD COLUMN locked_by text;
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE done_at IS NULL AND locked_until IS NOT NULL;
