-- Why: a person can reset the address of their calendar feed when it leaks; the feed's signature
-- covers a generation number, and resetting moves it on, so the old address stops working.
CREATE TABLE ical_feeds (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  generation integer NOT NULL,
  reset_at timestamptz NOT NULL
);
