-- Why: every incident names the service it affects, whatever opened it (declared by hand, by a
-- support report, or by an alert), so that paging follows the service's chain for all of them and
-- similar incidents can suggest a service for a new report.
ALTER TABLE incidents ADD COLUMN service_id uuid REFERENCES services (id);
-- Alert-opened incidents already know their service through their integration: copy it.
UPDATE incidents i SET service_id = g.service_id
  FROM integrations g WHERE g.id::text = i.origin->>'integrationId' AND g.service_id IS NOT NULL;
CREATE INDEX incidents_service ON incidents (service_id, created_at DESC) WHERE service_id IS NOT NULL;
