-- Why: sign-in and verification codes could be guessed without limit, and sessions could not be
-- told apart. Sign-in attempts are counted per account and per source address in fixed windows
-- kept here, so that every instance on the database enforces the same limits (src/auth/throttle.ts);
-- a contact method's verification code counts its tries and is void after a few wrong ones; a
-- session remembers the browser and address it was opened from, for the person's list of sessions.
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  attempts int NOT NULL
);

ALTER TABLE contact_methods ADD COLUMN verify_attempts int NOT NULL DEFAULT 0;

ALTER TABLE auth_tokens ADD COLUMN user_agent text, ADD COLUMN source_ip text;
