-- Why: the server refuses outbound requests (contact methods, webhooks) to loopback, private,
-- link-local and metadata addresses (ADR 0018). An admin may allow a host on purpose (an internal
-- relay); the hosts so allowed live here, beside EXPEDITE_OUTBOUND_ALLOW from the configuration.
CREATE TABLE outbound_allow (
  -- Canonical `host` or `host:port`, as src/outbound/allow-list.ts spells it.
  entry text PRIMARY KEY,
  note text NOT NULL DEFAULT '',
  added_by uuid REFERENCES users (id),
  added_at timestamptz NOT NULL
);
