-- Why: escalation policies say per urgency which levels apply, their timeouts, whether all of a person's
-- verified methods are tried at once, and whether to wait for business hours (issue #19, item 4).
-- Empty: each urgency's default (P1 all methods at once with halved timeouts; P2 as written; P3/P4
-- business hours unless low_urgency_anytime).
ALTER TABLE escalation_policies ADD COLUMN urgency jsonb NOT NULL DEFAULT '{}';
