-- Why: a page can be private (#20): served only under /status/<slug>/k/<access key>, the key
-- rotatable by an admin; null: the page is public.
ALTER TABLE status_pages ADD COLUMN access_key text;
