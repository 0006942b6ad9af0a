/**
 * The database schema as text, read from PostgreSQL's catalog: what `src/db/schema.sql` holds
 * (written by `npm run schema`, checked by test/integration/schema.test.ts). The migrations say how
 * the schema came to be; this says what it is now, in one place.
 *
 * The output depends only on the schema: objects are listed in name order, names are
 * schema-qualified (the catalog is read with an empty search_path), and what differs between
 * PostgreSQL versions without meaning anything is left out: extension versions, and the NOT NULL
 * constraints that PostgreSQL 18 keeps as rows of their own (a column says NOT NULL instead).
 */
import type pg from 'pg';

// Schemas of PostgreSQL itself, never part of ours.
const USER_SCHEMA = `n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'`;
// Objects that belong to an extension come with it, so only the CREATE EXTENSION is listed.
const NOT_FROM_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass
     AND d.objid = ${oid} AND d.deptype = 'e')`;

type Row = Record<string, string | null>;

/** One section: a title and its statements, each ending with a semicolon. */
function section(title: string, statements: string[]): string {
  if (statements.length === 0) return '';
  return `-- ${title}\n\n${statements.join('\n\n')}\n\n`;
}

/** Reads the schema of the database behind `pool` and renders it as SQL. */
export async function dumpSchema(pool: pg.Pool): Promise<string> {
  const client = await pool.connect();
  try {
    // One snapshot for every query; SET LOCAL ends with the transaction, so the pooled connection
    // goes back with its own search_path.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL search_path = ''");
    const q = async (sql: string) => (await client.query<Row>(sql)).rows;
    const text =
      '-- The current database schema, generated from the migrations by `npm run schema`: do not edit.\n' +
      '-- src/db/migrations says how it came to be; src/db/schema-dump.ts how this file is written.\n\n' +
      section('Extensions', await extensions(q)) +
      section('Schemas', await schemas(q)) +
      section('Types', await types(q)) +
      section('Sequences', await sequences(q)) +
      section('Tables', await tables(q)) +
      section('Indexes', await indexes(q)) +
      section('Views', await views(q)) +
      section('Functions', await functions(q)) +
      section('Triggers', await triggers(q)) +
      section('Comments', await comments(q));
    await client.query('COMMIT');
    client.release();
    return text.trimEnd() + '\n';
  } catch (err) {
    // Not back to the pool in the middle of a failed transaction.
    client.release(true);
    throw err;
  }
}

type Query = (sql: string) => Promise<Row[]>;

async function extensions(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname <> 'plpgsql' ORDER BY e.extname COLLATE "C"`);
  return rows.map((r) => `CREATE EXTENSION ${r.extname} WITH SCHEMA ${r.nspname};`);
}

async function schemas(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT n.nspname FROM pg_namespace n
    WHERE ${USER_SCHEMA} AND n.nspname <> 'public' AND ${NOT_FROM_EXTENSION('pg_namespace', 'n.oid')}
    ORDER BY n.nspname COLLATE "C"`);
  return rows.map((r) => `CREATE SCHEMA ${r.nspname};`);
}

/** Enums, domains and composite types of our own (not the row types of tables). */
async function types(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT t.oid::regtype::text AS name, t.typtype,
      (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
         FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels,
      format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull::text AS notnull,
      pg_get_expr(t.typdefaultbin, 0) AS "default",
      (SELECT string_agg(pg_get_constraintdef(c.oid), ' ' ORDER BY c.conname COLLATE "C")
         FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS checks,
      (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod),
              ', ' ORDER BY a.attnum)
         FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
      ) AS fields
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${USER_SCHEMA} AND ${NOT_FROM_EXTENSION('pg_type', 't.oid')}
      AND (t.typtype IN ('e', 'd')
        OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
    ORDER BY t.oid::regtype::text COLLATE "C"`);
  return rows.map((r) => {
    if (r.typtype === 'e') return `CREATE TYPE ${r.name} AS ENUM (${r.labels ?? ''});`;
    if (r.typtype === 'c') return `CREATE TYPE ${r.name} AS (${r.fields ?? ''});`;
    const parts = [`CREATE DOMAIN ${r.name} AS ${r.base}`];
    if (r.default) parts.push(`DEFAULT ${r.default}`);
    if (r.notnull === 'true') parts.push('NOT NULL');
    if (r.checks) parts.push(r.checks);
    return `${parts.join(' ')};`;
  });
}

/** Every sequence, with what owns it (an identity or serial column) in a comment above. */
async function sequences(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT c.oid::regclass::text AS name, format_type(s.seqtypid, NULL) AS type,
      s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
      s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle::text AS cycle,
      (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
              || CASE d.deptype WHEN 'i' THEN ' (identity)' ELSE '' END
         FROM pg_depend d
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) AS owner
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA} AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}
    ORDER BY c.oid::regclass::text COLLATE "C"`);
  return rows.map(
    (r) =>
      (r.owner ? `-- owned by ${r.owner}\n` : '') +
      `CREATE SEQUENCE ${r.name} AS ${r.type} START WITH ${r.start} INCREMENT BY ${r.increment}` +
      ` MINVALUE ${r.min} MAXVALUE ${r.max} CACHE ${r.cache}${r.cycle === 'true' ? ' CYCLE' : ''};`,
  );
}

/** Tables with their columns in order and their constraints in name order. */
async function tables(q: Query): Promise<string[]> {
  const tableRows = await q(`
    SELECT c.oid::text AS oid, c.oid::regclass::text AS name, c.relpersistence,
      array_to_string(c.reloptions, ', ') AS options
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMA} AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}
    ORDER BY c.oid::regclass::text COLLATE "C"`);
  const columnRows = await q(`
    SELECT a.attrelid::text AS oid, quote_ident(a.attname) AS name,
      format_type(a.atttypid, a.atttypmod) AS type,
      CASE WHEN a.attcollation <> t.typcollation THEN
        (SELECT quote_ident(collname) FROM pg_collation WHERE oid = a.attcollation) END AS collation,
      a.attidentity, a.attgenerated, a.attnotnull::text AS notnull,
      pg_get_expr(d.adbin, d.adrelid) AS expr
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum`);
  // contype 'n' (NOT NULL, PostgreSQL 18) is shown on the column; 't' is listed with triggers.
  const constraintRows = await q(`
    SELECT c.conrelid::text AS oid, quote_ident(c.conname) AS name,
      pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = r.relnamespace
    WHERE ${USER_SCHEMA} AND c.contype NOT IN ('n', 't')
    ORDER BY c.conrelid, c.conname COLLATE "C"`);
  return tableRows.map((t) => {
    const lines = columnRows.filter((c) => c.oid === t.oid).map(column);
    for (const c of constraintRows.filter((c) => c.oid === t.oid))
      lines.push(`CONSTRAINT ${c.name} ${c.def}`);
    const kind = t.relpersistence === 'u' ? 'UNLOGGED TABLE' : 'TABLE';
    const options = t.options ? ` WITH (${t.options})` : '';
    return `CREATE ${kind} ${t.name} (\n  ${lines.join(',\n  ')}\n)${options};`;
  });
}

function column(c: Row): string {
  const parts = [`${c.name} ${c.type}`];
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.attgenerated === 's') parts.push(`GENERATED ALWAYS AS (${c.expr}) STORED`);
  else if (c.attgenerated) parts.push(`GENERATED ALWAYS AS (${c.expr})`);
  else if (c.expr) parts.push(`DEFAULT ${c.expr}`);
  if (c.attidentity === 'a') parts.push('GENERATED ALWAYS AS IDENTITY');
  if (c.attidentity === 'd') parts.push('GENERATED BY DEFAULT AS IDENTITY');
  if (c.notnull === 'true' && !c.attidentity) parts.push('NOT NULL');
  return parts.join(' ');
}

/** Indexes other than those of primary key, unique and exclusion constraints (listed with the table). */
async function indexes(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA} AND ${NOT_FROM_EXTENSION('pg_class', 'i.indrelid')}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
    ORDER BY i.indrelid::regclass::text COLLATE "C", c.relname COLLATE "C"`);
  return rows.map((r) => `${r.def};`);
}

async function views(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT c.oid::regclass::text AS name, c.relkind, pg_get_viewdef(c.oid, true) AS def
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${USER_SCHEMA} AND ${NOT_FROM_EXTENSION('pg_class', 'c.oid')}
    ORDER BY c.oid::regclass::text COLLATE "C"`);
  return rows.map((r) => {
    const kind = r.relkind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW';
    return `CREATE ${kind} ${r.name} AS\n${(r.def ?? '').replace(/;\s*$/, '')};`;
  });
}

/** Functions and procedures (aggregates and window functions have no definition to show). */
async function functions(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT pg_get_functiondef(p.oid) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE ${USER_SCHEMA} AND p.prokind IN ('f', 'p') AND ${NOT_FROM_EXTENSION('pg_proc', 'p.oid')}
    ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C"`);
  return rows.map((r) => `${(r.def ?? '').trimEnd()};`);
}

async function triggers(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMA} AND NOT t.tgisinternal
    ORDER BY t.tgrelid::regclass::text COLLATE "C", t.tgname COLLATE "C"`);
  return rows.map((r) => `${r.def};`);
}

/** COMMENT ON for relations, their columns and functions, where a migration wrote one. */
async function comments(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT CASE
        WHEN d.classoid = 'pg_proc'::regclass THEN 'FUNCTION ' || d.objoid::regprocedure::text
        WHEN d.objsubid = 0 THEN 'TABLE ' || d.objoid::regclass::text
        ELSE 'COLUMN ' || d.objoid::regclass::text || '.' ||
          (SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = d.objoid AND attnum = d.objsubid)
      END AS target, quote_literal(d.description) AS text
    FROM pg_description d
    LEFT JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
    LEFT JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND p.oid = d.objoid
    JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace, p.pronamespace)
    WHERE ${USER_SCHEMA}`);
  // Sorted here by code point, which is what COLLATE "C" would do in the query.
  const statements = rows.map((r) => `COMMENT ON ${r.target} IS ${r.text};`);
  return statements.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
