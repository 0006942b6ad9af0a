/**
 * Seeds incidents straight into Expedite's database in one INSERT … SELECT generate_series, with
 * varied, deterministic classification, status and dates, and one "declared" timeline entry each.
 */
import pg from 'pg';

// h(k) is a deterministic pseudo-random number in 0..999 per row and salt k.
const SEED_SQL = `
WITH base AS (
  SELECT g,
         (abs(hashint4extended(g, 1)) % 1000)::int AS r_status,
         (abs(hashint4extended(g, 2)) % 1000)::int AS r_urgency,
         (abs(hashint4extended(g, 3)) % 1000)::int AS r_class,
         (abs(hashint4extended(g, 4)) % 1000)::int AS r_misc,
         now() - ($1::int - g) * interval '9 minutes' AS at
    FROM generate_series(1, $1::int) AS g
), shaped AS (
  SELECT g, at, r_misc,
         (ARRAY['Checkout fails for some customers', 'Login page is blank', 'Invoices are not sent',
                'Search returns no results', 'Clicking on user details gives an error',
                'Slow dashboard for admins', 'Payment webhook times out', 'Images do not load'])[1 + r_misc % 8]
           || ' (' || g || ')' AS title,
         CASE WHEN r_class < 100 THEN NULL
              ELSE (ARRAY['ALL','ALL-USERS','ALL-ADMINS','USERS','ADMINS','S-USER','S-ADMIN'])[1 + r_class % 7] END AS scope,
         CASE WHEN r_class < 100 THEN NULL ELSE (ARRAY['ALLBLOCK','FBLOCK','FBEHAV'])[1 + r_class % 3] END AS criticality,
         CASE WHEN r_class < 100 THEN NULL ELSE (ARRAY['FE','BE','FEBE','DEVOPS'])[1 + r_class % 4] END AS area,
         CASE WHEN r_class < 100 THEN NULL
              WHEN r_urgency < 100 THEN 'P1' WHEN r_urgency < 300 THEN 'P2'
              WHEN r_urgency < 650 THEN 'P3' ELSE 'P4' END AS urgency,
         CASE WHEN r_status < 5 THEN 'triage' WHEN r_status < 10 THEN 'investigating'
              WHEN r_status < 15 THEN 'fixing' WHEN r_status < 20 THEN 'monitoring'
              WHEN r_status < 40 THEN 'backlogged' WHEN r_status < 60 THEN 'declined'
              WHEN r_status < 200 THEN 'resolved' ELSE 'closed' END AS status,
         (ARRAY['none','low','medium','high'])[1 + r_misc % 4] AS impact
    FROM base
), rows AS (
  INSERT INTO incidents (title, description, scope, criticality, area, impact_conversion, impact_experience,
                         impact_revenue, tagline, urgency, decision, status, owner_id, resolution_summary,
                         created_by, created_at, updated_at, resolved_at)
  SELECT title, 'Seeded for the benchmark. Customers report: ' || lower(title) || '.',
         scope, criticality, area, impact, impact, CASE WHEN r_misc % 3 = 0 THEN impact END,
         CASE WHEN scope IS NULL THEN title ELSE scope || '-' || criticality || '-' || area || ': ' || title END,
         urgency,
         CASE WHEN urgency IN ('P1', 'P2') THEN 'expedite' WHEN urgency = 'P4' THEN 'backlog' ELSE 'product-owner' END,
         status,
         CASE WHEN status NOT IN ('triage', 'backlogged', 'declined') OR r_misc % 2 = 0 THEN $2::uuid END,
         CASE WHEN status IN ('resolved', 'closed') THEN 'Rolled back the release; the error rate is normal again.' END,
         $2::uuid, at, at + interval '2 hours',
         CASE WHEN status IN ('resolved', 'closed') THEN at + interval '2 hours' END
    FROM shaped
  RETURNING id, created_at, created_by, title, tagline, urgency, decision
)
INSERT INTO timeline_entries (incident_id, at, actor_id, kind, data)
SELECT id, created_at, created_by, 'declared',
       jsonb_build_object('title', title, 'tagline', tagline, 'urgency', urgency, 'decision', decision,
                          'policyVersion', 0)
  FROM rows`;

/** Inserts `count` incidents declared by `userId`, then VACUUM ANALYZE and CHECKPOINT. */
export async function seedIncidents(url: string, userId: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(SEED_SQL, [count, userId]);
    await client.query('VACUUM (ANALYZE) incidents, timeline_entries');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
