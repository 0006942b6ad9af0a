-- Why: clients of an agency. Each has a coverage tier with an emergency-response SLA (time to
-- acknowledge, to first response, to resolution), emergency contacts, and its chain on our side
-- (strategist, PM, lead developer) that escalation levels can target. An incident for a client runs
-- its SLA clocks as jobs: a warning at 75%, a breach that escalates.

CREATE TABLE client_tiers (
  name text PRIMARY KEY,
  position int NOT NULL,
  ack_minutes int NOT NULL CHECK (ack_minutes > 0),
  response_minutes int NOT NULL CHECK (response_minutes > 0),
  resolve_minutes int NOT NULL CHECK (resolve_minutes > 0)
);
INSERT INTO client_tiers (name, position, ack_minutes, response_minutes, resolve_minutes) VALUES
  ('Micro', 1, 240, 480, 4320),
  ('Basic', 2, 60, 240, 1440),
  ('Standard', 3, 30, 60, 480),
  ('Enhanced', 4, 15, 30, 240);

CREATE TABLE clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  tier text NOT NULL REFERENCES client_tiers (name) ON UPDATE CASCADE,
  emergency_contacts jsonb NOT NULL DEFAULT '[]',
  chain jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX clients_name_key ON clients (lower(name));

ALTER TABLE incidents ADD COLUMN client_id uuid REFERENCES clients (id);
CREATE INDEX incidents_client ON incidents (client_id, created_at) WHERE client_id IS NOT NULL;
