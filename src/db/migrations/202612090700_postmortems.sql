-- Why: a post-mortem is written together and agreed: the people invited to its meeting, the
-- meeting itself (an invitation whose SEQUENCE grows with each change), named reviewers who approve
-- it before it is published, and the organisation's default of working days until it is due.
-- The post-mortem and its action items are the shared tables of 202612090000_fix_and_learn.sql.

CREATE TABLE postmortem_participants (
  postmortem_id uuid NOT NULL REFERENCES postmortems(id),
  email text NOT NULL,
  name text NOT NULL,
  user_id uuid REFERENCES users(id),
  PRIMARY KEY (postmortem_id, email)
);

CREATE TABLE postmortem_meetings (
  postmortem_id uuid PRIMARY KEY REFERENCES postmortems(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  -- RFC 5545 SEQUENCE: 0 for the first invitation, one more for each change sent
  sequence integer NOT NULL DEFAULT 0,
  organizer_id uuid NOT NULL REFERENCES users(id),
  sent_at timestamptz NOT NULL
);

CREATE TABLE postmortem_reviewers (
  postmortem_id uuid NOT NULL REFERENCES postmortems(id),
  user_id uuid NOT NULL REFERENCES users(id),
  approved_at timestamptz,
  PRIMARY KEY (postmortem_id, user_id)
);

-- One row: how many working days after resolution a post-mortem is due.
CREATE TABLE postmortem_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  due_working_days integer NOT NULL DEFAULT 5 CHECK (due_working_days BETWEEN 1 AND 60)
);
INSERT INTO postmortem_settings DEFAULT VALUES;
