-- Why: webhook subscribers' posts are signed as Standard Webhooks (#20). Each webhook subscriber has
-- its own `whsec_` secret, shown once when it subscribes; webhooks subscribed before get one too
-- (they verify nothing yet, and can subscribe again after leaving to learn a secret).
ALTER TABLE status_subscribers ADD COLUMN signing_secret text;
UPDATE status_subscribers
   SET signing_secret = 'whsec_' || encode(
     decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'),
     'base64')
 WHERE kind = 'webhook';
