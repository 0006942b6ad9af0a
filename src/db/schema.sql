-- The current database schema, generated from the migrations by `npm run schema`: do not edit.
-- src/db/migrations says how it came to be; src/db/schema-dump.ts how this file is written.

-- Extensions

CREATE EXTENSION pg_trgm WITH SCHEMA public;

-- Sequences

-- owned by public.audit_log.id (identity)
CREATE SEQUENCE public.audit_log_id_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.incidents.number (identity)
CREATE SEQUENCE public.incidents_number_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.jobs.id (identity)
CREATE SEQUENCE public.jobs_id_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.page_requests.id (identity)
CREATE SEQUENCE public.page_requests_id_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.signals.id (identity)
CREATE SEQUENCE public.signals_id_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.status_incident_updates.seq (identity)
CREATE SEQUENCE public.status_incident_updates_seq_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- owned by public.timeline_entries.id (identity)
CREATE SEQUENCE public.timeline_entries_id_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1;

-- Tables

CREATE TABLE public.alert_groups (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  integration_id uuid NOT NULL,
  rule_id text NOT NULL,
  group_key text NOT NULL,
  incident_id uuid,
  opened_at timestamp with time zone NOT NULL,
  last_alert_at timestamp with time zone NOT NULL,
  last_paged_at timestamp with time zone,
  news_at timestamp with time zone,
  news_pending integer DEFAULT 0 NOT NULL,
  closed_at timestamp with time zone,
  CONSTRAINT alert_groups_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT alert_groups_integration_id_fkey FOREIGN KEY (integration_id) REFERENCES public.integrations(id),
  CONSTRAINT alert_groups_pkey PRIMARY KEY (id)
);

CREATE TABLE public.alerts (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  integration_id uuid NOT NULL,
  dedup_key text NOT NULL,
  group_id uuid,
  incident_id uuid,
  status text NOT NULL,
  title text NOT NULL,
  severity text,
  labels jsonb DEFAULT '{}'::jsonb NOT NULL,
  links jsonb DEFAULT '[]'::jsonb NOT NULL,
  suppressed_by text,
  event_count integer NOT NULL,
  first_seen_at timestamp with time zone NOT NULL,
  last_seen_at timestamp with time zone NOT NULL,
  resolved_at timestamp with time zone,
  truncated_alerts integer DEFAULT 0 NOT NULL,
  CONSTRAINT alerts_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.alert_groups(id),
  CONSTRAINT alerts_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT alerts_integration_id_fkey FOREIGN KEY (integration_id) REFERENCES public.integrations(id),
  CONSTRAINT alerts_pkey PRIMARY KEY (id),
  CONSTRAINT alerts_severity_check CHECK ((severity = ANY (ARRAY['critical'::text, 'error'::text, 'warning'::text, 'info'::text]))),
  CONSTRAINT alerts_status_check CHECK ((status = ANY (ARRAY['firing'::text, 'acknowledged'::text, 'resolved'::text]))),
  CONSTRAINT alerts_truncated_alerts_check CHECK ((truncated_alerts >= 0))
) WITH (fillfactor=70);

CREATE TABLE public.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamp with time zone NOT NULL,
  actor_id uuid,
  action text NOT NULL,
  target text,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public.users(id),
  CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);

CREATE TABLE public.auth_throttle (
  key text NOT NULL,
  window_start timestamp with time zone NOT NULL,
  attempts integer NOT NULL,
  CONSTRAINT auth_throttle_pkey PRIMARY KEY (key)
);

CREATE TABLE public.auth_tokens (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  name text,
  token_hash bytea NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  user_agent text,
  source_ip text,
  CONSTRAINT auth_tokens_kind_check CHECK ((kind = ANY (ARRAY['session'::text, 'api'::text]))),
  CONSTRAINT auth_tokens_pkey PRIMARY KEY (id),
  CONSTRAINT auth_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT auth_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.backlog_handoffs (
  incident_id uuid NOT NULL,
  tracker text NOT NULL,
  external_ref text NOT NULL,
  url text,
  handed_at timestamp with time zone NOT NULL,
  tracker_id uuid,
  state text,
  state_checked_at timestamp with time zone,
  CONSTRAINT backlog_handoffs_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT backlog_handoffs_pkey PRIMARY KEY (incident_id),
  CONSTRAINT backlog_handoffs_state_check CHECK ((state = ANY (ARRAY['open'::text, 'closed'::text]))),
  CONSTRAINT backlog_handoffs_tracker_id_fkey FOREIGN KEY (tracker_id) REFERENCES public.trackers(id) ON DELETE SET NULL
);

CREATE TABLE public.chat_copied (
  channel_id text NOT NULL,
  ts text NOT NULL,
  incident_id uuid NOT NULL,
  CONSTRAINT chat_copied_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT chat_copied_pkey PRIMARY KEY (channel_id, ts)
);

CREATE TABLE public.chat_incidents (
  incident_id uuid NOT NULL,
  broadcast_channel_id text,
  broadcast_ts text,
  shown jsonb,
  webhook_shown jsonb,
  synced_at timestamp with time zone,
  channel_id text,
  channel_name text,
  channel_created_at timestamp with time zone,
  affects_deployments boolean DEFAULT false NOT NULL,
  deployments_changes integer DEFAULT 0 NOT NULL,
  CONSTRAINT chat_incidents_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT chat_incidents_pkey PRIMARY KEY (incident_id)
);

CREATE TABLE public.chat_overrides (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  service_id uuid,
  team_id uuid,
  broadcast_channel text,
  deployments_channel text,
  CONSTRAINT chat_overrides_check CHECK (((service_id IS NULL) <> (team_id IS NULL))),
  CONSTRAINT chat_overrides_pkey PRIMARY KEY (id),
  CONSTRAINT chat_overrides_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id) ON DELETE CASCADE,
  CONSTRAINT chat_overrides_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id) ON DELETE CASCADE
);

CREATE TABLE public.chat_posts (
  job_key text NOT NULL,
  target text NOT NULL,
  posted_at timestamp with time zone NOT NULL,
  CONSTRAINT chat_posts_pkey PRIMARY KEY (job_key, target)
);

CREATE TABLE public.chat_settings (
  id boolean DEFAULT true NOT NULL,
  broadcast_channel text,
  deployments_channel text,
  teams_webhook_url text,
  mattermost_webhook_url text,
  channel_on_p1 boolean DEFAULT false NOT NULL,
  channel_over_responders integer,
  reaction text DEFAULT 'pushpin'::text NOT NULL,
  updated_at timestamp with time zone,
  updated_by uuid,
  CONSTRAINT chat_settings_channel_over_responders_check CHECK ((channel_over_responders > 0)),
  CONSTRAINT chat_settings_id_check CHECK (id),
  CONSTRAINT chat_settings_pkey PRIMARY KEY (id),
  CONSTRAINT chat_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users(id)
);

CREATE TABLE public.client_tiers (
  name text NOT NULL,
  "position" integer NOT NULL,
  ack_minutes integer NOT NULL,
  response_minutes integer NOT NULL,
  resolve_minutes integer NOT NULL,
  CONSTRAINT client_tiers_ack_minutes_check CHECK ((ack_minutes > 0)),
  CONSTRAINT client_tiers_pkey PRIMARY KEY (name),
  CONSTRAINT client_tiers_resolve_minutes_check CHECK ((resolve_minutes > 0)),
  CONSTRAINT client_tiers_response_minutes_check CHECK ((response_minutes > 0))
);

CREATE TABLE public.clients (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  tier text NOT NULL,
  emergency_contacts jsonb DEFAULT '[]'::jsonb NOT NULL,
  chain jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  chain_levels jsonb DEFAULT '[{"role": "strategist", "timeoutMinutes": 15}, {"role": "pm", "timeoutMinutes": 15}, {"role": "lead-developer", "timeoutMinutes": 15}]'::jsonb NOT NULL,
  CONSTRAINT clients_pkey PRIMARY KEY (id),
  CONSTRAINT clients_tier_fkey FOREIGN KEY (tier) REFERENCES public.client_tiers(name) ON UPDATE CASCADE
);

CREATE TABLE public.contact_methods (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  address text NOT NULL,
  label text DEFAULT ''::text NOT NULL,
  verified_at timestamp with time zone,
  verify_code_hash bytea,
  verify_expires_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  disabled_at timestamp with time zone,
  verify_attempts integer DEFAULT 0 NOT NULL,
  CONSTRAINT contact_methods_kind_check CHECK ((kind = ANY (ARRAY['voice'::text, 'sms'::text, 'slack'::text, 'teams'::text, 'email'::text, 'webhook'::text]))),
  CONSTRAINT contact_methods_pkey PRIMARY KEY (id),
  CONSTRAINT contact_methods_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.decision_questions (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  asked_at timestamp with time zone NOT NULL,
  asked_to uuid[] NOT NULL,
  team_id uuid,
  reminded_at timestamp with time zone,
  escalated_at timestamp with time zone,
  answer text,
  reason text,
  answered_by uuid,
  answered_at timestamp with time zone,
  CONSTRAINT decision_questions_answer_check CHECK ((answer = ANY (ARRAY['expedite'::text, 'backlog'::text, 'decline'::text]))),
  CONSTRAINT decision_questions_answered_by_fkey FOREIGN KEY (answered_by) REFERENCES public.users(id),
  CONSTRAINT decision_questions_check CHECK (((answer IS NULL) = (answered_at IS NULL))),
  CONSTRAINT decision_questions_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT decision_questions_pkey PRIMARY KEY (id),
  CONSTRAINT decision_questions_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id) ON DELETE SET NULL
);

CREATE TABLE public.deployment_hooks (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  secret text NOT NULL,
  service_id uuid,
  service_map jsonb DEFAULT '[]'::jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  created_by uuid,
  CONSTRAINT deployment_hooks_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT deployment_hooks_kind_check CHECK ((kind = ANY (ARRAY['github'::text, 'gitlab'::text, 'generic'::text]))),
  CONSTRAINT deployment_hooks_pkey PRIMARY KEY (id),
  CONSTRAINT deployment_hooks_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id)
);

CREATE TABLE public.deployment_notes (
  deployment_id uuid NOT NULL,
  incident_id uuid NOT NULL,
  status text NOT NULL,
  CONSTRAINT deployment_notes_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.deployments(id),
  CONSTRAINT deployment_notes_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT deployment_notes_pkey PRIMARY KEY (deployment_id, incident_id, status)
);

CREATE TABLE public.deployments (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  service_id uuid NOT NULL,
  version text NOT NULL,
  environment text NOT NULL,
  status text NOT NULL,
  url text,
  commit_sha text,
  deployed_by text,
  actor_id uuid,
  source text NOT NULL,
  external_id text,
  hook_id uuid,
  started_at timestamp with time zone NOT NULL,
  finished_at timestamp with time zone,
  failed_at timestamp with time zone,
  rolled_back_at timestamp with time zone,
  rolled_back_to text,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT deployments_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public.users(id),
  CONSTRAINT deployments_environment_check CHECK (((length(environment) >= 1) AND (length(environment) <= 100))),
  CONSTRAINT deployments_pkey PRIMARY KEY (id),
  CONSTRAINT deployments_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id),
  CONSTRAINT deployments_status_check CHECK ((status = ANY (ARRAY['started'::text, 'finished'::text, 'failed'::text, 'rolled-back'::text]))),
  CONSTRAINT deployments_version_check CHECK (((length(version) >= 1) AND (length(version) <= 200)))
);

CREATE TABLE public.deviations (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  reasons text[] NOT NULL,
  skipped text[] NOT NULL,
  justification text NOT NULL,
  tech_debt_id uuid,
  recorded_by uuid,
  recorded_at timestamp with time zone NOT NULL,
  CONSTRAINT deviations_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT deviations_pkey PRIMARY KEY (id),
  CONSTRAINT deviations_reasons_check CHECK (((cardinality(reasons) > 0) AND (reasons <@ ARRAY['speed'::text, 'complexity'::text, 'lack-of-resources'::text, 'temporary-fix'::text]))),
  CONSTRAINT deviations_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public.users(id),
  CONSTRAINT deviations_skipped_check CHECK ((cardinality(skipped) > 0)),
  CONSTRAINT deviations_tech_debt_id_fkey FOREIGN KEY (tech_debt_id) REFERENCES public.tech_debt_items(id)
);

CREATE TABLE public.escalation_policies (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  repeat integer DEFAULT 0 NOT NULL,
  levels jsonb NOT NULL,
  low_urgency_anytime boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  urgency jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT escalation_policies_pkey PRIMARY KEY (id),
  CONSTRAINT escalation_policies_repeat_check CHECK (((repeat >= 0) AND (repeat <= 10)))
);

CREATE TABLE public.escalations (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  policy_id uuid,
  policy jsonb NOT NULL,
  level integer DEFAULT 0 NOT NULL,
  round integer DEFAULT 0 NOT NULL,
  state text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  acknowledged_at timestamp with time zone,
  acknowledged_by uuid,
  ended_at timestamp with time zone,
  CONSTRAINT escalations_acknowledged_by_fkey FOREIGN KEY (acknowledged_by) REFERENCES public.users(id),
  CONSTRAINT escalations_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT escalations_pkey PRIMARY KEY (id),
  CONSTRAINT escalations_policy_id_fkey FOREIGN KEY (policy_id) REFERENCES public.escalation_policies(id),
  CONSTRAINT escalations_state_check CHECK ((state = ANY (ARRAY['active'::text, 'acknowledged'::text, 'exhausted'::text, 'cancelled'::text])))
);

CREATE TABLE public.hotfix_branches (
  hotfix_id uuid NOT NULL,
  branch text NOT NULL,
  "position" integer DEFAULT 0 NOT NULL,
  state text NOT NULL,
  missing text[] DEFAULT '{}'::text[] NOT NULL,
  detail text,
  checked_at timestamp with time zone NOT NULL,
  merged_at timestamp with time zone,
  CONSTRAINT hotfix_branches_hotfix_id_fkey FOREIGN KEY (hotfix_id) REFERENCES public.hotfixes(id),
  CONSTRAINT hotfix_branches_pkey PRIMARY KEY (hotfix_id, branch),
  CONSTRAINT hotfix_branches_state_check CHECK ((state = ANY (ARRAY['merged'::text, 'missing'::text, 'unknown'::text])))
);

CREATE TABLE public.hotfix_repositories (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  clone_url text NOT NULL,
  provider text DEFAULT 'git'::text NOT NULL,
  api_project text,
  api_url text,
  token text,
  branches text[] NOT NULL,
  checked_at timestamp with time zone,
  check_error text,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT hotfix_repositories_branches_check CHECK ((cardinality(branches) > 0)),
  CONSTRAINT hotfix_repositories_name_check CHECK ((name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
  CONSTRAINT hotfix_repositories_name_key UNIQUE (name),
  CONSTRAINT hotfix_repositories_pkey PRIMARY KEY (id),
  CONSTRAINT hotfix_repositories_provider_check CHECK ((provider = ANY (ARRAY['git'::text, 'github'::text, 'gitlab'::text])))
);

CREATE TABLE public.hotfixes (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  repository_id uuid NOT NULL,
  branch text NOT NULL,
  commits text[] NOT NULL,
  links text[] DEFAULT '{}'::text[] NOT NULL,
  recorded_by uuid,
  recorded_at timestamp with time zone NOT NULL,
  merged_back_at timestamp with time zone,
  CONSTRAINT hotfixes_commits_check CHECK ((cardinality(commits) > 0)),
  CONSTRAINT hotfixes_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT hotfixes_pkey PRIMARY KEY (id),
  CONSTRAINT hotfixes_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES public.users(id),
  CONSTRAINT hotfixes_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.hotfix_repositories(id)
);

CREATE TABLE public.ical_feeds (
  user_id uuid NOT NULL,
  generation integer NOT NULL,
  reset_at timestamp with time zone NOT NULL,
  CONSTRAINT ical_feeds_pkey PRIMARY KEY (user_id),
  CONSTRAINT ical_feeds_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE
);

CREATE TABLE public.incident_conclusions (
  incident_id uuid NOT NULL,
  part text NOT NULL,
  text text NOT NULL,
  recipients text[] NOT NULL,
  sent_by uuid,
  sent_at timestamp with time zone NOT NULL,
  CONSTRAINT incident_conclusions_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_conclusions_part_check CHECK ((part = ANY (ARRAY['team-summary'::text, 'origin-notice'::text, 'status-resolved'::text]))),
  CONSTRAINT incident_conclusions_pkey PRIMARY KEY (incident_id, part),
  CONSTRAINT incident_conclusions_sent_by_fkey FOREIGN KEY (sent_by) REFERENCES public.users(id)
);

CREATE TABLE public.incident_facts (
  incident_id uuid NOT NULL,
  acknowledged_at timestamp with time zone,
  responded_at timestamp with time zone,
  monitoring_at timestamp with time zone,
  verified_at timestamp with time zone,
  verify_started_at timestamp with time zone,
  status text,
  status_since timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  resolved_at timestamp with time zone,
  incident_status text NOT NULL,
  service_id uuid,
  client_id uuid,
  scope text,
  criticality text,
  area text,
  urgency text,
  hours double precision DEFAULT 0 NOT NULL,
  deviations integer DEFAULT 0 NOT NULL,
  triage_minutes double precision,
  investigating_minutes double precision,
  fixing_minutes double precision,
  monitoring_minutes double precision,
  backlogged_minutes double precision,
  deviation_reasons text[] DEFAULT '{}'::text[] NOT NULL,
  tech_debt jsonb,
  actions jsonb,
  tech_debt_hours double precision DEFAULT 0 NOT NULL,
  written_by xid8 DEFAULT pg_current_xact_id() NOT NULL,
  CONSTRAINT incident_facts_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_facts_pkey PRIMARY KEY (incident_id)
);

CREATE TABLE public.incident_holds (
  incident_id uuid NOT NULL,
  key text NOT NULL,
  blocks text[] NOT NULL,
  message text NOT NULL,
  overridable boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT incident_holds_blocks_check CHECK ((cardinality(blocks) > 0)),
  CONSTRAINT incident_holds_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_holds_pkey PRIMARY KEY (incident_id, key)
);

CREATE TABLE public.incident_links (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  url text NOT NULL,
  added_by uuid,
  added_at timestamp with time zone NOT NULL,
  CONSTRAINT incident_links_added_by_fkey FOREIGN KEY (added_by) REFERENCES public.users(id),
  CONSTRAINT incident_links_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_links_kind_check CHECK ((kind = ANY (ARRAY['pull-request'::text, 'ticket'::text, 'document'::text, 'other'::text]))),
  CONSTRAINT incident_links_pkey PRIMARY KEY (id)
);

CREATE TABLE public.incident_roles (
  incident_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role text NOT NULL,
  assigned_at timestamp with time zone NOT NULL,
  CONSTRAINT incident_roles_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_roles_pkey PRIMARY KEY (incident_id, user_id, role),
  CONSTRAINT incident_roles_role_check CHECK ((role = ANY (ARRAY['comms-lead'::text, 'developer'::text, 'reviewer'::text, 'tester'::text, 'designer'::text, 'product-owner'::text, 'observer'::text]))),
  CONSTRAINT incident_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.incident_tasks (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  text text NOT NULL,
  assignee_id uuid,
  done boolean DEFAULT false NOT NULL,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  done_at timestamp with time zone,
  CONSTRAINT incident_tasks_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES public.users(id),
  CONSTRAINT incident_tasks_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT incident_tasks_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_tasks_pkey PRIMARY KEY (id)
);

CREATE TABLE public.incident_updates (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  stage text NOT NULL,
  technical text NOT NULL,
  plain text NOT NULL,
  audiences text[] NOT NULL,
  outstanding text,
  data_loss text,
  author_id uuid,
  sent_at timestamp with time zone NOT NULL,
  CONSTRAINT incident_updates_audiences_check CHECK (((audiences <@ ARRAY['internal'::text, 'stakeholders'::text, 'clients'::text, 'public'::text]) AND (cardinality(audiences) > 0))),
  CONSTRAINT incident_updates_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id),
  CONSTRAINT incident_updates_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT incident_updates_pkey PRIMARY KEY (id),
  CONSTRAINT incident_updates_stage_check CHECK ((stage = ANY (ARRAY['investigating'::text, 'identified'::text, 'fixing'::text, 'monitoring'::text, 'resolved'::text])))
);

CREATE TABLE public.incidents (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  number bigint GENERATED ALWAYS AS IDENTITY,
  title text NOT NULL,
  description text DEFAULT ''::text NOT NULL,
  scope text,
  criticality text,
  area text,
  impact_conversion text,
  impact_experience text,
  impact_revenue text,
  lifespan_started_at timestamp with time zone,
  lifespan_expected text,
  tagline text NOT NULL,
  urgency text,
  urgency_override_reason text,
  decision text NOT NULL,
  status text NOT NULL,
  owner_id uuid,
  resolution_summary text,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  resolved_at timestamp with time zone,
  origin jsonb,
  client_id uuid,
  service_id uuid,
  steps_to_reproduce text,
  search tsvector GENERATED ALWAYS AS (((setweight(to_tsvector('english'::regconfig, tagline), 'A'::"char") || setweight(to_tsvector('english'::regconfig, COALESCE(description, ''::text)), 'B'::"char")) || setweight(to_tsvector('english'::regconfig, COALESCE(resolution_summary, ''::text)), 'B'::"char"))) STORED,
  CONSTRAINT incidents_area_check CHECK ((area = ANY (ARRAY['FE'::text, 'BE'::text, 'FEBE'::text, 'DEVOPS'::text]))),
  CONSTRAINT incidents_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.clients(id),
  CONSTRAINT incidents_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT incidents_criticality_check CHECK ((criticality = ANY (ARRAY['ALLBLOCK'::text, 'FBLOCK'::text, 'FBEHAV'::text]))),
  CONSTRAINT incidents_decision_check CHECK ((decision = ANY (ARRAY['expedite'::text, 'backlog'::text, 'product-owner'::text]))),
  CONSTRAINT incidents_impact_conversion_check CHECK ((impact_conversion = ANY (ARRAY['none'::text, 'low'::text, 'medium'::text, 'high'::text]))),
  CONSTRAINT incidents_impact_experience_check CHECK ((impact_experience = ANY (ARRAY['none'::text, 'low'::text, 'medium'::text, 'high'::text]))),
  CONSTRAINT incidents_impact_revenue_check CHECK ((impact_revenue = ANY (ARRAY['none'::text, 'low'::text, 'medium'::text, 'high'::text]))),
  CONSTRAINT incidents_lifespan_expected_check CHECK ((lifespan_expected = ANY (ARRAY['minutes'::text, 'hours'::text, 'days'::text, 'weeks'::text, 'until-fixed'::text]))),
  CONSTRAINT incidents_number_key UNIQUE (number),
  CONSTRAINT incidents_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id),
  CONSTRAINT incidents_pkey PRIMARY KEY (id),
  CONSTRAINT incidents_scope_check CHECK ((scope = ANY (ARRAY['ALL'::text, 'ALL-USERS'::text, 'ALL-ADMINS'::text, 'USERS'::text, 'ADMINS'::text, 'S-USER'::text, 'S-ADMIN'::text]))),
  CONSTRAINT incidents_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id),
  CONSTRAINT incidents_status_check CHECK ((status = ANY (ARRAY['triage'::text, 'investigating'::text, 'fixing'::text, 'monitoring'::text, 'resolved'::text, 'closed'::text, 'backlogged'::text, 'declined'::text]))),
  CONSTRAINT incidents_urgency_check CHECK ((urgency = ANY (ARRAY['P1'::text, 'P2'::text, 'P3'::text, 'P4'::text])))
);

CREATE TABLE public.integrations (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  service_id uuid,
  key_hash bytea NOT NULL,
  key_hint text NOT NULL,
  signing_secret text,
  mapping jsonb,
  rules jsonb DEFAULT '[]'::jsonb NOT NULL,
  rate_limit_per_minute integer NOT NULL,
  created_at timestamp with time zone NOT NULL,
  created_by uuid,
  updated_at timestamp with time zone NOT NULL,
  key_rotated_at timestamp with time zone,
  disabled_at timestamp with time zone,
  CONSTRAINT integrations_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT integrations_key_hash_key UNIQUE (key_hash),
  CONSTRAINT integrations_pkey PRIMARY KEY (id),
  CONSTRAINT integrations_rate_limit_per_minute_check CHECK ((rate_limit_per_minute > 0)),
  CONSTRAINT integrations_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id),
  CONSTRAINT integrations_type_check CHECK ((type = ANY (ARRAY['alertmanager'::text, 'pagerduty'::text, 'grafana'::text, 'sentry'::text, 'bugsnag'::text, 'generic'::text])))
);

CREATE TABLE public.jobs (
  id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  key text NOT NULL,
  run_at timestamp with time zone NOT NULL,
  payload jsonb DEFAULT '{}'::jsonb NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  locked_until timestamp with time zone,
  started_at timestamp with time zone,
  last_error text,
  done_at timestamp with time zone,
  locked_by text,
  CONSTRAINT jobs_key_key UNIQUE (key),
  CONSTRAINT jobs_pkey PRIMARY KEY (id)
);

CREATE TABLE public.messages (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  idempotency_key text NOT NULL,
  escalation_id uuid,
  incident_id uuid,
  user_id uuid,
  contact_method_id uuid,
  channel text NOT NULL,
  address text NOT NULL,
  status text NOT NULL,
  attempts integer DEFAULT 0 NOT NULL,
  provider_id text,
  error text,
  created_at timestamp with time zone NOT NULL,
  sent_at timestamp with time zone,
  written_by xid8 DEFAULT pg_current_xact_id() NOT NULL,
  CONSTRAINT messages_contact_method_id_fkey FOREIGN KEY (contact_method_id) REFERENCES public.contact_methods(id),
  CONSTRAINT messages_escalation_id_fkey FOREIGN KEY (escalation_id) REFERENCES public.escalations(id),
  CONSTRAINT messages_idempotency_key_key UNIQUE (idempotency_key),
  CONSTRAINT messages_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT messages_pkey PRIMARY KEY (id),
  CONSTRAINT messages_status_check CHECK ((status = ANY (ARRAY['sending'::text, 'sent'::text, 'failed'::text]))),
  CONSTRAINT messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.notification_rules (
  user_id uuid NOT NULL,
  "position" integer NOT NULL,
  contact_method_id uuid NOT NULL,
  delay_minutes integer NOT NULL,
  CONSTRAINT notification_rules_contact_method_id_fkey FOREIGN KEY (contact_method_id) REFERENCES public.contact_methods(id),
  CONSTRAINT notification_rules_delay_minutes_check CHECK (((delay_minutes >= 0) AND (delay_minutes <= 1440))),
  CONSTRAINT notification_rules_pkey PRIMARY KEY (user_id, "position"),
  CONSTRAINT notification_rules_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.outbound_allow (
  entry text NOT NULL,
  note text DEFAULT ''::text NOT NULL,
  added_by uuid,
  added_at timestamp with time zone NOT NULL,
  CONSTRAINT outbound_allow_added_by_fkey FOREIGN KEY (added_by) REFERENCES public.users(id),
  CONSTRAINT outbound_allow_pkey PRIMARY KEY (entry)
);

CREATE TABLE public.page_requests (
  id bigint GENERATED ALWAYS AS IDENTITY,
  incident_id uuid NOT NULL,
  group_id uuid,
  reason text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  handled_at timestamp with time zone,
  CONSTRAINT page_requests_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.alert_groups(id),
  CONSTRAINT page_requests_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT page_requests_pkey PRIMARY KEY (id)
);

CREATE TABLE public.postmortem_actions (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  postmortem_id uuid NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  owner_id uuid NOT NULL,
  due_on date NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  tracker_url text,
  created_at timestamp with time zone NOT NULL,
  done_at timestamp with time zone,
  CONSTRAINT postmortem_actions_kind_check CHECK ((kind = ANY (ARRAY['technical'::text, 'training'::text, 'policy'::text]))),
  CONSTRAINT postmortem_actions_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id),
  CONSTRAINT postmortem_actions_pkey PRIMARY KEY (id),
  CONSTRAINT postmortem_actions_postmortem_id_fkey FOREIGN KEY (postmortem_id) REFERENCES public.postmortems(id),
  CONSTRAINT postmortem_actions_status_check CHECK ((status = ANY (ARRAY['open'::text, 'done'::text])))
);

CREATE TABLE public.postmortem_meetings (
  postmortem_id uuid NOT NULL,
  starts_at timestamp with time zone NOT NULL,
  ends_at timestamp with time zone NOT NULL,
  sequence integer DEFAULT 0 NOT NULL,
  organizer_id uuid NOT NULL,
  sent_at timestamp with time zone NOT NULL,
  CONSTRAINT postmortem_meetings_check CHECK ((ends_at > starts_at)),
  CONSTRAINT postmortem_meetings_organizer_id_fkey FOREIGN KEY (organizer_id) REFERENCES public.users(id),
  CONSTRAINT postmortem_meetings_pkey PRIMARY KEY (postmortem_id),
  CONSTRAINT postmortem_meetings_postmortem_id_fkey FOREIGN KEY (postmortem_id) REFERENCES public.postmortems(id)
);

CREATE TABLE public.postmortem_participants (
  postmortem_id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  user_id uuid,
  CONSTRAINT postmortem_participants_pkey PRIMARY KEY (postmortem_id, email),
  CONSTRAINT postmortem_participants_postmortem_id_fkey FOREIGN KEY (postmortem_id) REFERENCES public.postmortems(id),
  CONSTRAINT postmortem_participants_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.postmortem_reviewers (
  postmortem_id uuid NOT NULL,
  user_id uuid NOT NULL,
  approved_at timestamp with time zone,
  CONSTRAINT postmortem_reviewers_pkey PRIMARY KEY (postmortem_id, user_id),
  CONSTRAINT postmortem_reviewers_postmortem_id_fkey FOREIGN KEY (postmortem_id) REFERENCES public.postmortems(id),
  CONSTRAINT postmortem_reviewers_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.postmortem_settings (
  id boolean DEFAULT true NOT NULL,
  due_working_days integer DEFAULT 5 NOT NULL,
  CONSTRAINT postmortem_settings_due_working_days_check CHECK (((due_working_days >= 1) AND (due_working_days <= 60))),
  CONSTRAINT postmortem_settings_id_check CHECK (id),
  CONSTRAINT postmortem_settings_pkey PRIMARY KEY (id)
);

CREATE TABLE public.postmortems (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  due_on date NOT NULL,
  required_by text NOT NULL,
  status text DEFAULT 'draft'::text NOT NULL,
  document jsonb DEFAULT '{}'::jsonb NOT NULL,
  audience text[] DEFAULT '{}'::text[] NOT NULL,
  meeting_at timestamp with time zone,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  published_at timestamp with time zone,
  CONSTRAINT postmortems_audience_check CHECK ((audience <@ ARRAY['team'::text, 'management'::text])),
  CONSTRAINT postmortems_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT postmortems_incident_id_key UNIQUE (incident_id),
  CONSTRAINT postmortems_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id),
  CONSTRAINT postmortems_pkey PRIMARY KEY (id),
  CONSTRAINT postmortems_required_by_check CHECK ((required_by = ANY (ARRAY['P1'::text, 'P2'::text, 'deviation'::text, 'data-loss'::text, 'by-hand'::text]))),
  CONSTRAINT postmortems_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'in-review'::text, 'published'::text])))
);

CREATE TABLE public.product_owners (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  team_id uuid,
  service_id uuid,
  user_id uuid NOT NULL,
  CONSTRAINT product_owners_check CHECK (((team_id IS NULL) <> (service_id IS NULL))),
  CONSTRAINT product_owners_pkey PRIMARY KEY (id),
  CONSTRAINT product_owners_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id) ON DELETE CASCADE,
  CONSTRAINT product_owners_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id) ON DELETE CASCADE,
  CONSTRAINT product_owners_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.resolution_reports (
  incident_id uuid NOT NULL,
  technical text NOT NULL,
  plain text NOT NULL,
  edited_by uuid,
  updated_at timestamp with time zone NOT NULL,
  shared_at timestamp with time zone,
  CONSTRAINT resolution_reports_edited_by_fkey FOREIGN KEY (edited_by) REFERENCES public.users(id),
  CONSTRAINT resolution_reports_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT resolution_reports_pkey PRIMARY KEY (incident_id)
);

CREATE TABLE public.schedules (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT schedules_pkey PRIMARY KEY (id)
);

CREATE TABLE public.schema_migrations (
  name text NOT NULL,
  applied_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT schema_migrations_pkey PRIMARY KEY (name)
);

CREATE TABLE public.service_changes (
  id uuid NOT NULL,
  integration_id uuid NOT NULL,
  service_id uuid,
  received_at timestamp with time zone NOT NULL,
  occurred_at timestamp with time zone,
  summary text NOT NULL,
  source text,
  links jsonb DEFAULT '[]'::jsonb NOT NULL,
  custom_details jsonb,
  CONSTRAINT service_changes_integration_id_fkey FOREIGN KEY (integration_id) REFERENCES public.integrations(id),
  CONSTRAINT service_changes_pkey PRIMARY KEY (id),
  CONSTRAINT service_changes_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id)
);

CREATE TABLE public.services (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  description text DEFAULT ''::text NOT NULL,
  rules jsonb DEFAULT '[]'::jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  team_id uuid,
  owner_id uuid,
  escalation_policy_id uuid,
  CONSTRAINT services_escalation_policy_id_fkey FOREIGN KEY (escalation_policy_id) REFERENCES public.escalation_policies(id),
  CONSTRAINT services_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id),
  CONSTRAINT services_pkey PRIMARY KEY (id),
  CONSTRAINT services_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id)
);

CREATE TABLE public.settings (
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT settings_pkey PRIMARY KEY (key)
);

CREATE TABLE public.signal_deliveries (
  id uuid NOT NULL,
  integration_id uuid NOT NULL,
  received_at timestamp with time zone NOT NULL,
  external_id text,
  outcome text NOT NULL,
  signal_count integer DEFAULT 0 NOT NULL,
  error text,
  body text,
  CONSTRAINT signal_deliveries_outcome_check CHECK ((outcome = ANY (ARRAY['accepted'::text, 'rejected'::text, 'unauthorized'::text]))),
  CONSTRAINT signal_deliveries_pkey PRIMARY KEY (id)
);

CREATE TABLE public.signal_minutes (
  alert_id uuid NOT NULL,
  minute timestamp with time zone NOT NULL,
  count integer NOT NULL,
  CONSTRAINT signal_minutes_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES public.alerts(id),
  CONSTRAINT signal_minutes_pkey PRIMARY KEY (alert_id, minute)
);

CREATE TABLE public.signal_upkeep (
  one boolean DEFAULT true NOT NULL,
  last_id bigint DEFAULT 0 NOT NULL,
  until timestamp with time zone DEFAULT '-infinity'::timestamp with time zone NOT NULL,
  pruned_at timestamp with time zone,
  CONSTRAINT signal_upkeep_one_check CHECK (one),
  CONSTRAINT signal_upkeep_pkey PRIMARY KEY (one)
);

CREATE TABLE public.signals (
  id bigint GENERATED ALWAYS AS IDENTITY,
  integration_id uuid NOT NULL,
  delivery_id uuid NOT NULL,
  alert_id uuid,
  received_at timestamp with time zone NOT NULL,
  action text NOT NULL,
  dedup_key text NOT NULL,
  payload json NOT NULL,
  CONSTRAINT signals_pkey PRIMARY KEY (id)
);

CREATE TABLE public.silences (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  kind text NOT NULL,
  integration_id uuid,
  service_id uuid,
  matchers jsonb DEFAULT '{}'::jsonb NOT NULL,
  starts_at timestamp with time zone NOT NULL,
  ends_at timestamp with time zone NOT NULL,
  reason text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  cancelled_at timestamp with time zone,
  CONSTRAINT silences_check CHECK ((ends_at > starts_at)),
  CONSTRAINT silences_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT silences_integration_id_fkey FOREIGN KEY (integration_id) REFERENCES public.integrations(id),
  CONSTRAINT silences_kind_check CHECK ((kind = ANY (ARRAY['silence'::text, 'maintenance'::text]))),
  CONSTRAINT silences_pkey PRIMARY KEY (id),
  CONSTRAINT silences_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id)
);

CREATE TABLE public.status_component_groups (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  page_id uuid NOT NULL,
  name text NOT NULL,
  "position" integer DEFAULT 0 NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT status_component_groups_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.status_pages(id) ON DELETE CASCADE,
  CONSTRAINT status_component_groups_pkey PRIMARY KEY (id)
);

CREATE TABLE public.status_components (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  page_id uuid NOT NULL,
  group_id uuid,
  name text NOT NULL,
  description text DEFAULT ''::text NOT NULL,
  service_id uuid,
  manual_state text,
  "position" integer DEFAULT 0 NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT status_components_group_id_fkey FOREIGN KEY (group_id) REFERENCES public.status_component_groups(id) ON DELETE SET NULL,
  CONSTRAINT status_components_manual_state_check CHECK ((manual_state = ANY (ARRAY['operational'::text, 'degraded_performance'::text, 'partial_outage'::text, 'major_outage'::text, 'under_maintenance'::text]))),
  CONSTRAINT status_components_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.status_pages(id) ON DELETE CASCADE,
  CONSTRAINT status_components_pkey PRIMARY KEY (id),
  CONSTRAINT status_components_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id) ON DELETE SET NULL
);

CREATE TABLE public.status_incident_updates (
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  incident_id uuid NOT NULL,
  status text NOT NULL,
  body text NOT NULL,
  published_at timestamp with time zone NOT NULL,
  CONSTRAINT status_incident_updates_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT status_incident_updates_pkey PRIMARY KEY (id),
  CONSTRAINT status_incident_updates_status_check CHECK ((status = ANY (ARRAY['investigating'::text, 'identified'::text, 'monitoring'::text, 'resolved'::text])))
);

CREATE TABLE public.status_maintenances (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  page_id uuid NOT NULL,
  title text NOT NULL,
  body text DEFAULT ''::text NOT NULL,
  starts_at timestamp with time zone NOT NULL,
  ends_at timestamp with time zone NOT NULL,
  component_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT status_maintenances_check CHECK ((ends_at > starts_at)),
  CONSTRAINT status_maintenances_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.status_pages(id) ON DELETE CASCADE,
  CONSTRAINT status_maintenances_pkey PRIMARY KEY (id)
);

CREATE TABLE public.status_pages (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  slug text NOT NULL,
  custom_host text,
  client_id uuid,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  access_key text,
  CONSTRAINT status_pages_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.clients(id) ON DELETE CASCADE,
  CONSTRAINT status_pages_custom_host_key UNIQUE (custom_host),
  CONSTRAINT status_pages_pkey PRIMARY KEY (id),
  CONSTRAINT status_pages_slug_key UNIQUE (slug)
);

CREATE TABLE public.status_subscribers (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  page_id uuid NOT NULL,
  kind text NOT NULL,
  address text NOT NULL,
  component_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
  created_at timestamp with time zone NOT NULL,
  confirmed_at timestamp with time zone,
  unsubscribed_at timestamp with time zone,
  signing_secret text,
  CONSTRAINT status_subscribers_kind_check CHECK ((kind = ANY (ARRAY['email'::text, 'webhook'::text]))),
  CONSTRAINT status_subscribers_page_id_fkey FOREIGN KEY (page_id) REFERENCES public.status_pages(id) ON DELETE CASCADE,
  CONSTRAINT status_subscribers_pkey PRIMARY KEY (id)
);

CREATE TABLE public.support_reports (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  reporter_id uuid NOT NULL,
  affected_users text[] DEFAULT '{}'::text[] NOT NULL,
  what_happens text NOT NULL,
  steps text DEFAULT ''::text NOT NULL,
  checklist jsonb NOT NULL,
  recording_url text,
  created_at timestamp with time zone NOT NULL,
  CONSTRAINT support_reports_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT support_reports_pkey PRIMARY KEY (id),
  CONSTRAINT support_reports_reporter_id_fkey FOREIGN KEY (reporter_id) REFERENCES public.users(id)
);

CREATE TABLE public.team_members (
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id),
  CONSTRAINT team_members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id),
  CONSTRAINT team_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.teams (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  areas text[] DEFAULT '{}'::text[] NOT NULL,
  escalation_policy_id uuid,
  created_at timestamp with time zone NOT NULL,
  lead_id uuid,
  CONSTRAINT teams_escalation_policy_id_fkey FOREIGN KEY (escalation_policy_id) REFERENCES public.escalation_policies(id),
  CONSTRAINT teams_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES public.users(id),
  CONSTRAINT teams_pkey PRIMARY KEY (id)
);

CREATE TABLE public.tech_debt_items (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  title text NOT NULL,
  details text DEFAULT ''::text NOT NULL,
  budget_hours numeric(7,2) NOT NULL,
  owner_id uuid NOT NULL,
  due_on date NOT NULL,
  status text DEFAULT 'open'::text NOT NULL,
  created_by uuid,
  created_at timestamp with time zone NOT NULL,
  done_at timestamp with time zone,
  drop_reason text,
  CONSTRAINT tech_debt_items_budget_hours_check CHECK (((budget_hours > (0)::numeric) AND (budget_hours <= (10000)::numeric))),
  CONSTRAINT tech_debt_items_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id),
  CONSTRAINT tech_debt_items_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT tech_debt_items_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id),
  CONSTRAINT tech_debt_items_pkey PRIMARY KEY (id),
  CONSTRAINT tech_debt_items_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in-progress'::text, 'done'::text, 'dropped'::text])))
);

CREATE TABLE public.time_entries (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  user_id uuid NOT NULL,
  hours numeric(6,2) NOT NULL,
  description text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  tech_debt_id uuid,
  CONSTRAINT time_entries_hours_check CHECK (((hours > (0)::numeric) AND (hours <= (1000)::numeric))),
  CONSTRAINT time_entries_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT time_entries_pkey PRIMARY KEY (id),
  CONSTRAINT time_entries_tech_debt_id_fkey FOREIGN KEY (tech_debt_id) REFERENCES public.tech_debt_items(id),
  CONSTRAINT time_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id)
);

CREATE TABLE public.timeline_entries (
  id bigint GENERATED ALWAYS AS IDENTITY,
  incident_id uuid NOT NULL,
  at timestamp with time zone NOT NULL,
  actor_id uuid,
  kind text NOT NULL,
  data jsonb DEFAULT '{}'::jsonb NOT NULL,
  CONSTRAINT timeline_entries_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public.users(id),
  CONSTRAINT timeline_entries_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT timeline_entries_pkey PRIMARY KEY (id)
);

CREATE TABLE public.tracker_overrides (
  tracker_id uuid NOT NULL,
  team_id uuid,
  service_id uuid,
  CONSTRAINT tracker_overrides_check CHECK (((team_id IS NULL) <> (service_id IS NULL))),
  CONSTRAINT tracker_overrides_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id) ON DELETE CASCADE,
  CONSTRAINT tracker_overrides_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id) ON DELETE CASCADE,
  CONSTRAINT tracker_overrides_tracker_id_fkey FOREIGN KEY (tracker_id) REFERENCES public.trackers(id) ON DELETE CASCADE
);

CREATE TABLE public.trackers (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  base_url text NOT NULL,
  project text DEFAULT ''::text NOT NULL,
  email text,
  secret text NOT NULL,
  issue_type text,
  labels text[] DEFAULT '{}'::text[] NOT NULL,
  is_default boolean DEFAULT false NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT trackers_kind_check CHECK ((kind = ANY (ARRAY['github'::text, 'gitlab'::text, 'jira'::text, 'webhook'::text]))),
  CONSTRAINT trackers_name_key UNIQUE (name),
  CONSTRAINT trackers_pkey PRIMARY KEY (id)
);

CREATE TABLE public.update_cadence (
  urgency text NOT NULL,
  minutes integer,
  CONSTRAINT update_cadence_minutes_check CHECK (((minutes >= 1) AND (minutes <= 1440))),
  CONSTRAINT update_cadence_pkey PRIMARY KEY (urgency),
  CONSTRAINT update_cadence_urgency_check CHECK ((urgency = ANY (ARRAY['P1'::text, 'P2'::text, 'P3'::text, 'P4'::text])))
);

CREATE TABLE public.update_stakeholder_lists (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  service_id uuid,
  client_id uuid,
  emails text[] NOT NULL,
  channel text,
  CONSTRAINT update_stakeholder_lists_check CHECK (((service_id IS NULL) OR (client_id IS NULL))),
  CONSTRAINT update_stakeholder_lists_client_id_fkey FOREIGN KEY (client_id) REFERENCES public.clients(id) ON DELETE CASCADE,
  CONSTRAINT update_stakeholder_lists_pkey PRIMARY KEY (id),
  CONSTRAINT update_stakeholder_lists_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.services(id) ON DELETE CASCADE
);

CREATE TABLE public.update_templates (
  key text NOT NULL,
  technical text NOT NULL,
  plain text NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  CONSTRAINT update_templates_key_check CHECK ((key = ANY (ARRAY['investigating'::text, 'identified'::text, 'fixing'::text, 'monitoring'::text, 'resolved'::text, 'outstanding'::text, 'data-loss'::text]))),
  CONSTRAINT update_templates_pkey PRIMARY KEY (key)
);

CREATE TABLE public.uploads (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  sha256 text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  kind text NOT NULL,
  size bigint NOT NULL,
  har_summary jsonb,
  uploaded_by uuid NOT NULL,
  uploaded_at timestamp with time zone NOT NULL,
  report_id uuid,
  CONSTRAINT uploads_kind_check CHECK ((kind = ANY (ARRAY['image'::text, 'video'::text, 'har'::text, 'other'::text]))),
  CONSTRAINT uploads_pkey PRIMARY KEY (id),
  CONSTRAINT uploads_report FOREIGN KEY (report_id) REFERENCES public.support_reports(id),
  CONSTRAINT uploads_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES public.users(id)
);

CREATE TABLE public.urgency_policy (
  id integer NOT NULL,
  version integer NOT NULL,
  policy jsonb NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  updated_by uuid,
  CONSTRAINT urgency_policy_id_check CHECK ((id = 1)),
  CONSTRAINT urgency_policy_pkey PRIMARY KEY (id),
  CONSTRAINT urgency_policy_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users(id)
);

CREATE TABLE public.users (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL,
  password_hash text,
  created_at timestamp with time zone NOT NULL,
  disabled_at timestamp with time zone,
  CONSTRAINT users_pkey PRIMARY KEY (id),
  CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'responder'::text, 'support'::text, 'stakeholder'::text])))
);

CREATE TABLE public.verification_metrics (
  incident_id uuid NOT NULL,
  query text,
  comparison text,
  threshold double precision,
  window_minutes integer DEFAULT 15 NOT NULL,
  updated_by uuid,
  updated_at timestamp with time zone NOT NULL,
  integration_id uuid,
  CONSTRAINT verification_metrics_check CHECK ((((query IS NULL) OR (integration_id IS NULL)) AND (((query IS NULL) AND (integration_id IS NULL)) = (comparison IS NULL)) AND ((comparison IS NULL) = (threshold IS NULL)) AND ((integration_id IS NULL) OR (comparison = 'above'::text)))),
  CONSTRAINT verification_metrics_comparison_check CHECK ((comparison = ANY (ARRAY['above'::text, 'below'::text]))),
  CONSTRAINT verification_metrics_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT verification_metrics_integration_id_fkey FOREIGN KEY (integration_id) REFERENCES public.integrations(id),
  CONSTRAINT verification_metrics_pkey PRIMARY KEY (incident_id),
  CONSTRAINT verification_metrics_query_check CHECK (((length(query) >= 1) AND (length(query) <= 2000))),
  CONSTRAINT verification_metrics_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES public.users(id),
  CONSTRAINT verification_metrics_window_minutes_check CHECK (((window_minutes >= 1) AND (window_minutes <= 1440)))
);

CREATE TABLE public.verification_runs (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  incident_id uuid NOT NULL,
  kind text NOT NULL,
  metric text NOT NULL,
  window_minutes integer NOT NULL,
  deployment_id text,
  state text NOT NULL,
  started_at timestamp with time zone NOT NULL,
  good_since timestamp with time zone,
  last_value double precision,
  last_checked_at timestamp with time zone,
  detail text,
  ended_at timestamp with time zone,
  CONSTRAINT verification_runs_incident_id_fkey FOREIGN KEY (incident_id) REFERENCES public.incidents(id),
  CONSTRAINT verification_runs_kind_check CHECK ((kind = ANY (ARRAY['alerts'::text, 'query'::text, 'integration'::text]))),
  CONSTRAINT verification_runs_pkey PRIMARY KEY (id),
  CONSTRAINT verification_runs_state_check CHECK ((state = ANY (ARRAY['waiting'::text, 'good'::text, 'verified'::text, 'failed'::text, 'stopped'::text]))),
  CONSTRAINT verification_runs_window_minutes_check CHECK (((window_minutes >= 1) AND (window_minutes <= 1440)))
);

-- Indexes

CREATE UNIQUE INDEX alert_groups_current ON public.alert_groups USING btree (integration_id, rule_id, group_key) WHERE (closed_at IS NULL);

CREATE INDEX alert_groups_incident ON public.alert_groups USING btree (incident_id);

CREATE INDEX alerts_group ON public.alerts USING btree (group_id);

CREATE INDEX alerts_incident ON public.alerts USING btree (incident_id, first_seen_at);

CREATE UNIQUE INDEX alerts_open ON public.alerts USING btree (integration_id, dedup_key) WHERE (resolved_at IS NULL);

CREATE INDEX auth_tokens_user ON public.auth_tokens USING btree (user_id, kind);

CREATE INDEX backlog_handoffs_open ON public.backlog_handoffs USING btree (state_checked_at) WHERE (state = 'open'::text);

CREATE UNIQUE INDEX chat_incidents_channel ON public.chat_incidents USING btree (channel_id) WHERE (channel_id IS NOT NULL);

CREATE UNIQUE INDEX chat_overrides_service ON public.chat_overrides USING btree (service_id) WHERE (service_id IS NOT NULL);

CREATE UNIQUE INDEX chat_overrides_team ON public.chat_overrides USING btree (team_id) WHERE (team_id IS NOT NULL);

CREATE UNIQUE INDEX clients_name_key ON public.clients USING btree (lower(name));

CREATE INDEX contact_methods_user ON public.contact_methods USING btree (user_id);

CREATE UNIQUE INDEX decision_questions_pending ON public.decision_questions USING btree (incident_id) WHERE (answer IS NULL);

CREATE INDEX deployment_notes_incident ON public.deployment_notes USING btree (incident_id);

CREATE INDEX deployments_recent ON public.deployments USING btree (started_at DESC);

CREATE INDEX deployments_service_recent ON public.deployments USING btree (service_id, started_at DESC);

CREATE UNIQUE INDEX deployments_source_external ON public.deployments USING btree (source, external_id) WHERE (external_id IS NOT NULL);

CREATE INDEX deviations_incident ON public.deviations USING btree (incident_id);

CREATE INDEX deviations_tech_debt ON public.deviations USING btree (tech_debt_id) WHERE (tech_debt_id IS NOT NULL);

CREATE UNIQUE INDEX escalations_active ON public.escalations USING btree (incident_id) WHERE (state = 'active'::text);

CREATE INDEX hotfixes_incident ON public.hotfixes USING btree (incident_id);

CREATE INDEX hotfixes_outstanding ON public.hotfixes USING btree (recorded_at) WHERE (merged_back_at IS NULL);

CREATE INDEX incident_facts_written_by ON public.incident_facts USING btree (written_by);

CREATE INDEX incident_links_incident ON public.incident_links USING btree (incident_id, added_at);

CREATE INDEX incident_tasks_incident ON public.incident_tasks USING btree (incident_id, created_at);

CREATE INDEX incident_updates_incident ON public.incident_updates USING btree (incident_id, sent_at);

CREATE INDEX incidents_client ON public.incidents USING btree (client_id, created_at) WHERE (client_id IS NOT NULL);

CREATE INDEX incidents_created ON public.incidents USING btree (created_at);

CREATE INDEX incidents_open ON public.incidents USING btree (number DESC) WHERE (status = ANY (ARRAY['triage'::text, 'investigating'::text, 'fixing'::text, 'monitoring'::text, 'backlogged'::text]));

CREATE INDEX incidents_owner ON public.incidents USING btree (owner_id, number DESC);

CREATE INDEX incidents_search ON public.incidents USING gin (search);

CREATE INDEX incidents_service ON public.incidents USING btree (service_id, created_at DESC) WHERE (service_id IS NOT NULL);

CREATE INDEX incidents_status ON public.incidents USING btree (status, number DESC);

CREATE INDEX incidents_title_trgm ON public.incidents USING gin (title public.gin_trgm_ops);

CREATE INDEX incidents_urgency ON public.incidents USING btree (urgency, number DESC);

CREATE INDEX jobs_due ON public.jobs USING btree (run_at) WHERE (done_at IS NULL);

CREATE INDEX jobs_leased ON public.jobs USING btree (locked_until) WHERE ((done_at IS NULL) AND (locked_until IS NOT NULL));

CREATE INDEX messages_incident ON public.messages USING btree (incident_id, created_at);

CREATE INDEX messages_written_by ON public.messages USING btree (written_by) WHERE (escalation_id IS NOT NULL);

CREATE INDEX page_requests_pending ON public.page_requests USING btree (created_at) WHERE (handled_at IS NULL);

CREATE INDEX postmortem_actions_open ON public.postmortem_actions USING btree (due_on) WHERE (status = 'open'::text);

CREATE INDEX postmortem_actions_postmortem ON public.postmortem_actions USING btree (postmortem_id);

CREATE INDEX postmortems_search ON public.postmortems USING gin (jsonb_to_tsvector('english'::regconfig, document, '["string"]'::jsonb)) WHERE (status = 'published'::text);

CREATE UNIQUE INDEX product_owners_service ON public.product_owners USING btree (service_id, user_id) WHERE (service_id IS NOT NULL);

CREATE UNIQUE INDEX product_owners_team ON public.product_owners USING btree (team_id, user_id) WHERE (team_id IS NOT NULL);

CREATE INDEX resolution_reports_search ON public.resolution_reports USING gin (to_tsvector('english'::regconfig, ((technical || ' '::text) || plain)));

CREATE INDEX service_changes_integration ON public.service_changes USING btree (integration_id, received_at DESC);

CREATE INDEX service_changes_service ON public.service_changes USING btree (service_id, received_at DESC);

CREATE UNIQUE INDEX services_name_key ON public.services USING btree (lower(name));

CREATE UNIQUE INDEX signal_deliveries_external ON public.signal_deliveries USING btree (integration_id, external_id) WHERE ((external_id IS NOT NULL) AND (outcome = 'accepted'::text));

CREATE INDEX signal_deliveries_recent ON public.signal_deliveries USING btree (integration_id, received_at DESC);

CREATE INDEX signals_alert ON public.signals USING btree (alert_id, received_at);

CREATE INDEX silences_active ON public.silences USING btree (ends_at) WHERE (cancelled_at IS NULL);

CREATE INDEX status_components_page ON public.status_components USING btree (page_id);

CREATE INDEX status_components_service ON public.status_components USING btree (service_id) WHERE (service_id IS NOT NULL);

CREATE INDEX status_incident_updates_incident ON public.status_incident_updates USING btree (incident_id, published_at);

CREATE INDEX status_incident_updates_recent ON public.status_incident_updates USING btree (published_at DESC);

CREATE INDEX status_maintenances_page ON public.status_maintenances USING btree (page_id, starts_at);

CREATE UNIQUE INDEX status_subscribers_address ON public.status_subscribers USING btree (page_id, kind, lower(address)) WHERE (unsubscribed_at IS NULL);

CREATE INDEX support_reports_incident ON public.support_reports USING btree (incident_id, created_at);

CREATE UNIQUE INDEX teams_name_key ON public.teams USING btree (lower(name));

CREATE INDEX tech_debt_items_incident ON public.tech_debt_items USING btree (incident_id);

CREATE INDEX tech_debt_items_open ON public.tech_debt_items USING btree (due_on) WHERE (status = ANY (ARRAY['open'::text, 'in-progress'::text]));

CREATE INDEX tech_debt_items_owner ON public.tech_debt_items USING btree (owner_id) WHERE (status = ANY (ARRAY['open'::text, 'in-progress'::text]));

CREATE INDEX time_entries_incident ON public.time_entries USING btree (incident_id, created_at);

CREATE INDEX time_entries_tech_debt ON public.time_entries USING btree (tech_debt_id) WHERE (tech_debt_id IS NOT NULL);

CREATE INDEX timeline_entries_incident ON public.timeline_entries USING btree (incident_id, id);

CREATE INDEX timeline_notes_search ON public.timeline_entries USING gin (to_tsvector('english'::regconfig, COALESCE((data ->> 'text'::text), ''::text))) WHERE (kind = 'note'::text);

CREATE UNIQUE INDEX tracker_overrides_service ON public.tracker_overrides USING btree (service_id) WHERE (service_id IS NOT NULL);

CREATE UNIQUE INDEX tracker_overrides_team ON public.tracker_overrides USING btree (team_id) WHERE (team_id IS NOT NULL);

CREATE UNIQUE INDEX trackers_one_default ON public.trackers USING btree (is_default) WHERE is_default;

CREATE UNIQUE INDEX update_stakeholder_lists_client ON public.update_stakeholder_lists USING btree (client_id) WHERE (client_id IS NOT NULL);

CREATE UNIQUE INDEX update_stakeholder_lists_default ON public.update_stakeholder_lists USING btree ((true)) WHERE ((service_id IS NULL) AND (client_id IS NULL));

CREATE UNIQUE INDEX update_stakeholder_lists_service ON public.update_stakeholder_lists USING btree (service_id) WHERE (service_id IS NOT NULL);

CREATE INDEX uploads_report ON public.uploads USING btree (report_id);

CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email));

CREATE UNIQUE INDEX verification_runs_active ON public.verification_runs USING btree (incident_id) WHERE (ended_at IS NULL);

CREATE INDEX verification_runs_incident ON public.verification_runs USING btree (incident_id, started_at DESC);

-- Functions

CREATE OR REPLACE FUNCTION public.alert_merge_labels(kept jsonb, added jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  SELECT kept || coalesce(
    (SELECT jsonb_object_agg(n.key, n.value)
       FROM (SELECT e.key, e.value FROM jsonb_each(added) e
              WHERE NOT kept ? e.key ORDER BY e.key
              LIMIT greatest(0, 100 - (SELECT count(*) FROM jsonb_object_keys(kept)))) n),
    '{}')
$function$;

CREATE OR REPLACE FUNCTION public.alert_merge_links(kept jsonb, added jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  SELECT coalesce(
    (SELECT jsonb_agg(f.link ORDER BY f.n)
       FROM (SELECT u.link, u.n
               FROM (SELECT DISTINCT ON (l.link ->> 'href') l.link, l.n
                       FROM jsonb_array_elements(kept || added) WITH ORDINALITY AS l(link, n)
                      ORDER BY l.link ->> 'href', l.n) u
              ORDER BY u.n LIMIT 20) f),
    '[]')
$function$;

CREATE OR REPLACE FUNCTION public.incident_facts_copy()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO incident_facts AS f (incident_id, created_at, resolved_at, incident_status, service_id, client_id,
                                   scope, criticality, area, urgency)
  VALUES (NEW.id, NEW.created_at, NEW.resolved_at, NEW.status, NEW.service_id, NEW.client_id,
          NEW.scope, NEW.criticality, NEW.area, NEW.urgency)
  ON CONFLICT (incident_id) DO UPDATE SET
    created_at = EXCLUDED.created_at, resolved_at = EXCLUDED.resolved_at,
    incident_status = EXCLUDED.incident_status, service_id = EXCLUDED.service_id,
    client_id = EXCLUDED.client_id, scope = EXCLUDED.scope, criticality = EXCLUDED.criticality,
    area = EXCLUDED.area, urgency = EXCLUDED.urgency;
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.incident_facts_follow()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
  ids uuid[];
BEGIN
  IF TG_TABLE_NAME = 'postmortem_actions' THEN
    ids := ARRAY(SELECT p.incident_id FROM postmortems p WHERE p.id = ANY (ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.postmortem_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.postmortem_id END]));
  ELSE
    ids := ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.incident_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.incident_id END];
  END IF;
  PERFORM incident_facts_sum(ids);
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.incident_facts_sum(ids uuid[])
 RETURNS void
 LANGUAGE sql
AS $function$
  UPDATE incident_facts f SET
    hours = coalesce((SELECT sum(hours) FROM time_entries te WHERE te.incident_id = f.incident_id), 0),
    tech_debt_hours = coalesce((SELECT sum(hours) FROM time_entries te
                                 WHERE te.incident_id = f.incident_id AND te.tech_debt_id IS NOT NULL), 0),
    deviations = (SELECT count(*) FROM deviations d WHERE d.incident_id = f.incident_id),
    deviation_reasons = coalesce((SELECT array_agg(r ORDER BY r) FROM deviations d, unnest(d.reasons) r
                                   WHERE d.incident_id = f.incident_id), '{}'),
    tech_debt = (SELECT jsonb_agg(jsonb_build_object('status', t.status, 'due', t.due_on, 'budget', t.budget_hours)
                                  ORDER BY t.id)
                   FROM tech_debt_items t WHERE t.incident_id = f.incident_id),
    actions = (SELECT jsonb_agg(jsonb_build_object('status', a.status, 'due', a.due_on) ORDER BY a.id)
                 FROM postmortem_actions a JOIN postmortems p ON p.id = a.postmortem_id
                WHERE p.incident_id = f.incident_id)
  WHERE f.incident_id = ANY (ids);
$function$;

CREATE OR REPLACE FUNCTION public.incident_timings_apply(e public.timeline_entries)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
  moved boolean := e.kind IN ('status-changed', 'resolved') AND e.data ? 'to';
  left_status text := CASE WHEN moved THEN e.data->>'from' END;
  span float8;
BEGIN
  -- the row is made with the incident; this covers an entry written in the same statement
  INSERT INTO incident_facts (incident_id, created_at, resolved_at, incident_status, service_id, client_id,
                              scope, criticality, area, urgency)
  SELECT id, created_at, resolved_at, status, service_id, client_id, scope, criticality, area, urgency
    FROM incidents WHERE id = e.incident_id
  ON CONFLICT DO NOTHING;
  -- the minutes since the last move (or the declaration) in the status left
  IF left_status IS NOT NULL THEN
    SELECT greatest(0, date_part('epoch', e.at - coalesce(f.status_since, f.created_at)) / 60) INTO span
      FROM incident_facts f WHERE f.incident_id = e.incident_id;
  END IF;
  UPDATE incident_facts t SET
    acknowledged_at = CASE WHEN e.kind IN ('acknowledged', 'ownership-taken')
      THEN least(t.acknowledged_at, e.at) ELSE t.acknowledged_at END,
    responded_at = CASE WHEN e.actor_id IS NOT NULL
        AND e.kind IN ('note', 'status-changed', 'resolved', 'client-notify-requested')
      THEN least(t.responded_at, e.at) ELSE t.responded_at END,
    monitoring_at = CASE WHEN e.kind = 'monitoring-started'
      THEN greatest(t.monitoring_at, e.at) ELSE t.monitoring_at END,
    verify_started_at = CASE WHEN e.kind = 'verified' AND t.verified_at IS NULL
      THEN t.monitoring_at ELSE t.verify_started_at END,
    verified_at = CASE WHEN e.kind = 'verified' THEN least(t.verified_at, e.at) ELSE t.verified_at END,
    status = CASE WHEN moved THEN e.data->>'to' ELSE t.status END,
    status_since = CASE WHEN moved THEN e.at ELSE t.status_since END,
    triage_minutes = CASE WHEN left_status = 'triage'
      THEN coalesce(t.triage_minutes, 0) + span ELSE t.triage_minutes END,
    investigating_minutes = CASE WHEN left_status = 'investigating'
      THEN coalesce(t.investigating_minutes, 0) + span ELSE t.investigating_minutes END,
    fixing_minutes = CASE WHEN left_status = 'fixing'
      THEN coalesce(t.fixing_minutes, 0) + span ELSE t.fixing_minutes END,
    monitoring_minutes = CASE WHEN left_status = 'monitoring'
      THEN coalesce(t.monitoring_minutes, 0) + span ELSE t.monitoring_minutes END,
    backlogged_minutes = CASE WHEN left_status = 'backlogged'
      THEN coalesce(t.backlogged_minutes, 0) + span ELSE t.backlogged_minutes END
  WHERE t.incident_id = e.incident_id;
END $function$;

CREATE OR REPLACE FUNCTION public.incident_timings_note()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  PERFORM incident_timings_apply(NEW);
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.ingest_current_group(p_integration uuid, p_rule text, p_key text, p_open text[], p_now timestamp with time zone)
 RETURNS public.alert_groups
 LANGUAGE plpgsql
AS $function$
DECLARE
  g alert_groups;
  incident_status text;
BEGIN
  LOOP
    INSERT INTO alert_groups (integration_id, rule_id, group_key, opened_at, last_alert_at)
    VALUES (p_integration, p_rule, p_key, p_now, p_now)
    ON CONFLICT (integration_id, rule_id, group_key) WHERE closed_at IS NULL
    DO UPDATE SET last_alert_at = greatest(alert_groups.last_alert_at, excluded.last_alert_at)
    RETURNING * INTO g;
    IF g.incident_id IS NULL THEN
      RETURN g;
    END IF;
    SELECT status INTO incident_status FROM incidents WHERE id = g.incident_id;
    IF incident_status = ANY (p_open) THEN
      RETURN g;
    END IF;
    UPDATE alert_groups SET closed_at = p_now WHERE id = g.id;
  END LOOP;
END
$function$;

CREATE OR REPLACE FUNCTION public.ingest_triggers(p_deliveries json, p_alerts jsonb, p_signals json, p_open text[], p_now timestamp with time zone, p_defer boolean)
 RETURNS jsonb
 LANGUAGE plpgsql
AS $function$
DECLARE
  wanted jsonb;
  placed jsonb := '[]';
  results jsonb;
  spec record;
  g alert_groups;
  joined text[];
  pending int;
  report boolean;
  page boolean;
  seen bigint;
  work jsonb := '[]';
BEGIN
  -- A block with an exception handler: giving up rolls back what it wrote (a subtransaction), and
  -- the statement itself succeeds, answering NULL (no error in the server's log).
  BEGIN
    -- 1. The groups this batch may add alerts to: those of routable alerts that are new or not in an
    -- open incident (an alert already in one just counts a repeat: most of a storm). Each alert is
    -- looked up in a subquery of its own, which PostgreSQL plans as an index lookup by key.
    SELECT jsonb_agg(w ORDER BY w.integration_id, w.rule_id COLLATE "C", w.group_key COLLATE "C") INTO wanted
      FROM (SELECT DISTINCT x.integration_id, x.rule_id, x.group_key
              FROM jsonb_to_recordset(p_alerts) AS x(integration_id uuid, dedup_key text, suppressed_by text,
                   rule_id text, group_key text)
             WHERE x.suppressed_by IS NULL
               AND (SELECT i.status = ANY (p_open)
                      FROM alerts a JOIN incidents i ON i.id = a.incident_id
                     WHERE a.integration_id = x.integration_id AND a.dedup_key = x.dedup_key
                       AND a.resolved_at IS NULL) IS NOT TRUE) w;

    -- 2. Lock each group's current row, in a stable order (two writers lock them in the same
    -- order); a group whose incident has ended is closed and a new one begins.
    FOR spec IN
      SELECT * FROM jsonb_to_recordset(coalesce(wanted, '[]'))
        AS w(integration_id uuid, rule_id text, group_key text)
    LOOP
      g := ingest_current_group(spec.integration_id, spec.rule_id, spec.group_key, p_open, p_now);
      placed := placed || jsonb_build_object('integration_id', spec.integration_id, 'rule_id', spec.rule_id,
        'group_key', spec.group_key, 'group_id', g.id, 'incident_id', g.incident_id,
        'news_pending', g.news_pending, 'news_at', g.news_at, 'last_paged_at', g.last_paged_at);
    END LOOP;

    -- 3. The deliveries, the alerts (a new one in its group from the start) and every signal.
    WITH d AS (
      INSERT INTO signal_deliveries (id, integration_id, received_at, external_id, outcome, signal_count)
      SELECT x.id, x.integration_id, x.received_at, NULL, 'accepted', x.signal_count
        FROM json_to_recordset(p_deliveries) AS x(id uuid, integration_id uuid, received_at timestamptz,
             signal_count int)
    ), x AS (
      SELECT * FROM jsonb_to_recordset(p_alerts) AS x(integration_id uuid, dedup_key text, title text,
             severity text, labels jsonb, links jsonb, suppressed_by text, event_count int,
             first_seen_at timestamptz, last_seen_at timestamptz, rule_id text, group_key text,
             threshold_count int, window_minutes int, repeat_minutes int, truncated_alerts int)
    ), p AS (
      SELECT * FROM jsonb_to_recordset(placed) AS p(integration_id uuid, rule_id text, group_key text,
             group_id uuid, incident_id uuid, news_pending int, news_at timestamptz, last_paged_at timestamptz)
    ), a AS (
      INSERT INTO alerts AS a (integration_id, dedup_key, status, title, severity, labels, links, suppressed_by,
        event_count, first_seen_at, last_seen_at, group_id, incident_id, truncated_alerts)
      SELECT x.integration_id, x.dedup_key, 'firing', x.title, x.severity, coalesce(x.labels, '{}'),
             coalesce(x.links, '[]'), x.suppressed_by, x.event_count, x.first_seen_at, x.last_seen_at,
             p.group_id, p.incident_id, coalesce(x.truncated_alerts, 0)
        FROM x
        LEFT JOIN p ON x.suppressed_by IS NULL AND p.integration_id = x.integration_id
                   AND p.rule_id = x.rule_id AND p.group_key = x.group_key
       ORDER BY x.integration_id, x.dedup_key
      ON CONFLICT (integration_id, dedup_key) WHERE resolved_at IS NULL DO UPDATE SET
        event_count = a.event_count + excluded.event_count,
        last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
        -- A repeat adds to what the alert shows: the latest title and severity, the labels and links
        -- of every event (the first event's value of a label stays), the sender's latest truncation.
        -- Most repeats bring nothing new: checked inline, as a function call costs ten times more.
        title = excluded.title, severity = coalesce(excluded.severity, a.severity),
        labels = CASE WHEN excluded.labels <@ a.labels THEN a.labels
                      ELSE alert_merge_labels(a.labels, excluded.labels) END,
        links = CASE WHEN excluded.links <@ a.links THEN a.links
                     ELSE alert_merge_links(a.links, excluded.links) END,
        suppressed_by = excluded.suppressed_by, truncated_alerts = excluded.truncated_alerts
      -- xmax is 0 on the row version an upsert inserted, and set on one it updated.
      RETURNING a.id, a.integration_id, a.dedup_key, a.group_id, a.incident_id, a.xmax = 0 AS inserted
    ), s AS (
      INSERT INTO signals (integration_id, delivery_id, received_at, action, dedup_key, payload, alert_id)
      SELECT y.integration_id, y.delivery_id, y.received_at, 'trigger', y.dedup_key, coalesce(y.payload, 'null'), a.id
        FROM json_to_recordset(p_signals) AS y(integration_id uuid, delivery_id uuid, received_at timestamptz,
             dedup_key text, payload json)
        LEFT JOIN a ON a.integration_id = y.integration_id AND a.dedup_key = y.dedup_key
    ), placeable AS (
      -- Routable alerts that are new here, or stored but not in an open incident.
      SELECT a.*, x.rule_id, x.group_key, x.threshold_count, x.window_minutes, x.repeat_minutes
        FROM a
        JOIN x ON x.integration_id = a.integration_id AND x.dedup_key = a.dedup_key
        LEFT JOIN incidents i ON i.id = a.incident_id
       WHERE x.suppressed_by IS NULL AND (a.inserted OR i.status IS NULL OR NOT i.status = ANY (p_open))
    )
    SELECT jsonb_agg(r ORDER BY r.integration_id, r.rule_id COLLATE "C", r.group_key COLLATE "C") INTO results
      FROM (SELECT l.integration_id, l.rule_id, l.group_key,
                   max(l.threshold_count) AS threshold_count, max(l.window_minutes) AS window_minutes,
                   max(l.repeat_minutes) AS repeat_minutes,
                   p.group_id, p.incident_id, p.news_pending, p.news_at, p.last_paged_at,
                   coalesce(array_agg(l.id) FILTER (WHERE NOT l.inserted AND l.group_id IS DISTINCT FROM p.group_id),
                            '{}') AS moved,
                   coalesce(array_agg(l.dedup_key ORDER BY l.dedup_key)
                            FILTER (WHERE l.inserted OR l.group_id IS DISTINCT FROM p.group_id), '{}') AS joined,
                   array_agg(l.dedup_key ORDER BY l.dedup_key) AS keys
              FROM placeable l
              LEFT JOIN p ON p.integration_id = l.integration_id AND p.rule_id = l.rule_id
                         AND p.group_key = l.group_key
             GROUP BY l.integration_id, l.rule_id, l.group_key, p.group_id, p.incident_id, p.news_pending,
                      p.news_at, p.last_paged_at) r;

    -- 4. Per group: move alerts that were elsewhere, then news, pages and thresholds.
    FOR spec IN
      SELECT * FROM jsonb_to_recordset(coalesce(results, '[]')) AS r(integration_id uuid, rule_id text,
             group_key text, threshold_count int, window_minutes int, repeat_minutes int, group_id uuid,
             incident_id uuid, news_pending int, news_at timestamptz, last_paged_at timestamptz, moved uuid[],
             joined text[], keys text[])
    LOOP
      IF spec.group_id IS NULL THEN
        -- Not foreseen in step 1 (another writer changed the alert meanwhile): lock it now.
        g := ingest_current_group(spec.integration_id, spec.rule_id, spec.group_key, p_open, p_now);
        UPDATE alerts SET group_id = g.id, incident_id = g.incident_id
         WHERE integration_id = spec.integration_id AND dedup_key = ANY (spec.keys) AND resolved_at IS NULL
           AND group_id IS DISTINCT FROM g.id;
        joined := spec.keys;
      ELSE
        joined := spec.joined;
        g := NULL;
        g.id := spec.group_id;
        g.incident_id := spec.incident_id;
        g.news_pending := spec.news_pending;
        g.news_at := spec.news_at;
        g.last_paged_at := spec.last_paged_at;
        IF cardinality(spec.moved) > 0 THEN
          UPDATE alerts SET group_id = g.id, incident_id = g.incident_id WHERE id = ANY (spec.moved);
        END IF;
      END IF;

      IF g.incident_id IS NOT NULL THEN
        CONTINUE WHEN cardinality(joined) = 0;
        -- New alerts go on the timeline at most once a minute per group; the count carries over.
        pending := g.news_pending + cardinality(joined);
        report := g.news_at IS NULL OR p_now - g.news_at >= interval '1 minute';
        UPDATE alert_groups
           SET news_pending = CASE WHEN report THEN 0 ELSE pending END,
               news_at = CASE WHEN report THEN p_now ELSE g.news_at END
         WHERE id = g.id;
        page := g.last_paged_at IS NULL
             OR p_now - g.last_paged_at >= spec.repeat_minutes * interval '1 minute';
        CONTINUE WHEN NOT (report OR page);
        work := work || jsonb_build_object('integration', spec.integration_id, 'group', g.id,
          'incident', g.incident_id, 'report', report, 'pending', pending,
          'joined', to_jsonb(joined[1:5]), 'page', page);
      ELSE
        -- "Confirmed with a metric": enough trigger signals in the group within the window.
        IF spec.threshold_count > 1 THEN
          SELECT count(*) INTO seen
            FROM signals s JOIN alerts a ON a.id = s.alert_id
           WHERE a.group_id = g.id AND s.action = 'trigger'
             AND s.received_at > p_now - spec.window_minutes * interval '1 minute';
          CONTINUE WHEN seen < spec.threshold_count;
        END IF;
        work := work || jsonb_build_object('integration', spec.integration_id, 'group', g.id, 'open', true,
          'keys', to_jsonb(spec.keys));
      END IF;
      IF p_defer THEN
        RAISE EXCEPTION 'this batch needs the server''s work (incident, news or page)' USING ERRCODE = 'EXPDF';
      END IF;
    END LOOP;
    RETURN work;
  EXCEPTION WHEN SQLSTATE 'EXPDF' THEN
    RETURN NULL;
  END;
END
$function$;

CREATE OR REPLACE FUNCTION public.note_writer()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW.written_by := pg_current_xact_id();
  RETURN NEW;
END $function$;

CREATE OR REPLACE FUNCTION public.timeline_entries_append_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  RAISE EXCEPTION 'timeline entries are append-only: % is not allowed', TG_OP;
END;
$function$;

-- Triggers

CREATE TRIGGER deviations_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, reasons ON public.deviations FOR EACH ROW EXECUTE FUNCTION public.incident_facts_follow();

CREATE TRIGGER incident_facts_written BEFORE UPDATE ON public.incident_facts FOR EACH ROW EXECUTE FUNCTION public.note_writer();

CREATE TRIGGER incidents_facts AFTER INSERT OR UPDATE OF created_at, resolved_at, status, service_id, client_id, scope, criticality, area, urgency ON public.incidents FOR EACH ROW EXECUTE FUNCTION public.incident_facts_copy();

CREATE TRIGGER messages_written BEFORE UPDATE ON public.messages FOR EACH ROW WHEN ((new.escalation_id IS NOT NULL)) EXECUTE FUNCTION public.note_writer();

CREATE TRIGGER postmortem_actions_facts AFTER INSERT OR DELETE OR UPDATE OF postmortem_id, status, due_on ON public.postmortem_actions FOR EACH ROW EXECUTE FUNCTION public.incident_facts_follow();

CREATE TRIGGER tech_debt_items_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, status, due_on, budget_hours ON public.tech_debt_items FOR EACH ROW EXECUTE FUNCTION public.incident_facts_follow();

CREATE TRIGGER time_entries_facts AFTER INSERT OR DELETE OR UPDATE OF incident_id, hours, tech_debt_id ON public.time_entries FOR EACH ROW EXECUTE FUNCTION public.incident_facts_follow();

CREATE TRIGGER timeline_entries_no_change BEFORE DELETE OR UPDATE ON public.timeline_entries FOR EACH ROW EXECUTE FUNCTION public.timeline_entries_append_only();

CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON public.timeline_entries FOR EACH STATEMENT EXECUTE FUNCTION public.timeline_entries_append_only();

CREATE TRIGGER timeline_entries_timings AFTER INSERT ON public.timeline_entries FOR EACH ROW WHEN ((new.kind = ANY (ARRAY['acknowledged'::text, 'ownership-taken'::text, 'note'::text, 'status-changed'::text, 'resolved'::text, 'client-notify-requested'::text, 'monitoring-started'::text, 'verified'::text]))) EXECUTE FUNCTION public.incident_timings_note();
