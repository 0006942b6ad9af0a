-- Why: a tech-debt item may be dropped, and the reason it is no longer worth doing stays with it;
-- the list of items by owner (the "mine" view and the owners' reminders) reads them by owner.
ALTER TABLE tech_debt_items ADD COLUMN drop_reason text;
CREATE INDEX tech_debt_items_owner ON tech_debt_items (owner_id) WHERE status IN ('open', 'in-progress');
CREATE INDEX deviations_tech_debt ON deviations (tech_debt_id) WHERE tech_debt_id IS NOT NULL;
