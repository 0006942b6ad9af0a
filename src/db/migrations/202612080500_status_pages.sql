-- Why: public status pages (#20). A page (public, or one per client) shows components mapped from
-- services, in groups; a component's state follows its service's open incidents unless set by hand.
-- Public incident updates are stored once per update (the update's id is the key, so publishing
-- again changes nothing) and shown on every page that maps the incident's service. Scheduled
-- maintenance belongs to a page; subscribers (email after double opt-in, or webhook) to a page.
CREATE TABLE status_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  custom_host text UNIQUE,
  client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE status_component_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  name text NOT NULL,
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);

CREATE TABLE status_components (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  group_id uuid REFERENCES status_component_groups(id) ON DELETE SET NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  service_id uuid REFERENCES services(id) ON DELETE SET NULL,
  -- Set by hand; null: the state follows the service's open incidents.
  manual_state text CHECK (manual_state IN
    ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX status_components_page ON status_components (page_id);
CREATE INDEX status_components_service ON status_components (service_id) WHERE service_id IS NOT NULL;

CREATE TABLE status_incident_updates (
  id uuid PRIMARY KEY,
  -- Orders updates published at the same instant.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  incident_id uuid NOT NULL REFERENCES incidents(id),
  status text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  body text NOT NULL,
  published_at timestamptz NOT NULL
);
CREATE INDEX status_incident_updates_incident ON status_incident_updates (incident_id, published_at);
CREATE INDEX status_incident_updates_recent ON status_incident_updates (published_at DESC);

CREATE TABLE status_maintenances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  component_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX status_maintenances_page ON status_maintenances (page_id, starts_at);

CREATE TABLE status_subscribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('email', 'webhook')),
  address text NOT NULL,
  -- Empty: every component of the page.
  component_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  unsubscribed_at timestamptz
);
CREATE UNIQUE INDEX status_subscribers_address ON status_subscribers (page_id, kind, lower(address))
  WHERE unsubscribed_at IS NULL;
