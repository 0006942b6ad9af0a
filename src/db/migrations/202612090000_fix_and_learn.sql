-- Why: the second half of the procedure (#21, #22) spans several domains that read each other's
-- records: holds that keep an incident from a status until something is done, deviations from
-- process and the tech debt they create (hours from time entries linked to it), resolution reports,
-- post-mortems and their action items. These are the tables more than one domain reads.

-- A hold keeps an incident out of the statuses it blocks (a deviation with no tech-debt item blocks
-- closing; an unverified fix blocks resolving unless a reason is given). Domains above incidents
-- place and release holds; changing status reads them.
CREATE TABLE incident_holds (
  incident_id uuid NOT NULL REFERENCES incidents(id),
  key text NOT NULL,
  blocks text[] NOT NULL CHECK (cardinality(blocks) > 0),
  message text NOT NULL,
  overridable boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (incident_id, key)
);

CREATE TABLE tech_debt_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  title text NOT NULL,
  details text NOT NULL DEFAULT '',
  budget_hours numeric(7,2) NOT NULL CHECK (budget_hours > 0 AND budget_hours <= 10000),
  owner_id uuid NOT NULL REFERENCES users(id),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE INDEX tech_debt_items_open ON tech_debt_items (due_on) WHERE status IN ('open', 'in-progress');
CREATE INDEX tech_debt_items_incident ON tech_debt_items (incident_id);

CREATE TABLE deviations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  reasons text[] NOT NULL CHECK (
    cardinality(reasons) > 0
    AND reasons <@ ARRAY['speed', 'complexity', 'lack-of-resources', 'temporary-fix']
  ),
  skipped text[] NOT NULL CHECK (cardinality(skipped) > 0),
  justification text NOT NULL,
  tech_debt_id uuid REFERENCES tech_debt_items(id),
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX deviations_incident ON deviations (incident_id);

-- Hours spent bringing a tech-debt item to standard are time entries linked to it.
ALTER TABLE time_entries ADD COLUMN tech_debt_id uuid REFERENCES tech_debt_items(id);
CREATE INDEX time_entries_tech_debt ON time_entries (tech_debt_id) WHERE tech_debt_id IS NOT NULL;

-- One resolution report per incident: generated, edited, then shared; two versions from one source.
CREATE TABLE resolution_reports (
  incident_id uuid PRIMARY KEY REFERENCES incidents(id),
  technical text NOT NULL,
  plain text NOT NULL,
  edited_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  shared_at timestamptz
);

CREATE TABLE postmortems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL UNIQUE REFERENCES incidents(id),
  owner_id uuid NOT NULL REFERENCES users(id),
  due_on date NOT NULL,
  -- why it is needed: the rule that asked for it (P1, P2, deviation, data loss) or by hand
  required_by text NOT NULL CHECK (required_by IN ('P1', 'P2', 'deviation', 'data-loss', 'by-hand')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in-review', 'published')),
  -- the document's sections by name (summary, timeline, contributing factors, what went well, …)
  document jsonb NOT NULL DEFAULT '{}',
  audience text[] NOT NULL DEFAULT '{}' CHECK (audience <@ ARRAY['team', 'management']),
  meeting_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz
);

CREATE TABLE postmortem_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  postmortem_id uuid NOT NULL REFERENCES postmortems(id),
  -- the discussion outcome it comes from
  kind text NOT NULL CHECK (kind IN ('technical', 'training', 'policy')),
  title text NOT NULL,
  owner_id uuid NOT NULL REFERENCES users(id),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  tracker_url text,
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE INDEX postmortem_actions_open ON postmortem_actions (due_on) WHERE status = 'open';
CREATE INDEX postmortem_actions_postmortem ON postmortem_actions (postmortem_id);
