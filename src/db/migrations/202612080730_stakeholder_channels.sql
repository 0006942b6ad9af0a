-- A stakeholder list may name a chat channel that gets the plain update, with or without emails.
ALTER TABLE update_stakeholder_lists ADD COLUMN channel text;
