-- Why: a hot fix made from the main branch must later be merged back into every other long-lived
-- branch (seed 004: "label the changes in code as HOT FIX so that later the fixed code can be
-- merged back in all the other branches"). Expedite keeps the repositories to look in, the hotfixes
-- recorded on incidents, and for each hotfix and long-lived branch whether its commits are there.

CREATE TABLE hotfix_repositories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  clone_url text NOT NULL,
  provider text NOT NULL DEFAULT 'git' CHECK (provider IN ('git', 'github', 'gitlab')),
  -- owner/repo on GitHub, the project id or path on GitLab; null for plain git
  api_project text,
  -- the API's base (GitHub Enterprise, a self-hosted GitLab); null: the public service
  api_url text,
  -- sent to the provider's API; never shown again
  token text,
  -- patterns of the long-lived branches: main, develop, release/*
  branches text[] NOT NULL CHECK (cardinality(branches) > 0),
  checked_at timestamptz,
  check_error text,
  created_at timestamptz NOT NULL
);

CREATE TABLE hotfixes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents(id),
  repository_id uuid NOT NULL REFERENCES hotfix_repositories(id),
  branch text NOT NULL,
  commits text[] NOT NULL CHECK (cardinality(commits) > 0),
  links text[] NOT NULL DEFAULT '{}',
  recorded_by uuid REFERENCES users(id),
  recorded_at timestamptz NOT NULL,
  -- every long-lived branch found holds every commit
  merged_back_at timestamptz
);
CREATE INDEX hotfixes_incident ON hotfixes (incident_id);
CREATE INDEX hotfixes_outstanding ON hotfixes (recorded_at) WHERE merged_back_at IS NULL;

-- One row per hotfix and long-lived branch, as last checked.
CREATE TABLE hotfix_branches (
  hotfix_id uuid NOT NULL REFERENCES hotfixes(id),
  branch text NOT NULL,
  -- shown in the order of the repository's patterns (main, develop, release/*)
  position integer NOT NULL DEFAULT 0,
  state text NOT NULL CHECK (state IN ('merged', 'missing', 'unknown')),
  -- commits of the hotfix the branch does not hold (or that could not be found)
  missing text[] NOT NULL DEFAULT '{}',
  detail text,
  checked_at timestamptz NOT NULL,
  merged_at timestamptz,
  PRIMARY KEY (hotfix_id, branch)
);
