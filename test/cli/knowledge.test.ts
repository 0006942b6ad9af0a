/**
 * `expedite knowledge`: past incidents by words or like an incident, each with what fixed it
 * (table on a terminal, tab-separated lines piped); `list --service/--search` finds a note's words.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
let env: Record<string, string>;
const run = (...args: string[]) => cli(args, env);
let solved: number;

async function ok(...args: string[]) {
  const res = await run(...args);
  assert.equal(res.code, 0, `${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

before(async () => {
  server = await startCliServer();
  env = { EXPEDITE_CONFIG: server.configFile('admin'), EXPEDITE_URL: server.url };
  const res = await cli(['login', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`);
  assert.equal(res.code, 0, res.stderr);
  const made = JSON.parse(
    await ok('declare', 'Invoice PDFs render blank', '--urgency', 'P3', '--reason', 'test', '--json'),
  );
  solved = made.number;
  await ok('note', String(solved), 'The headless renderer ran out of fonts after the base image update');
  await ok('status', String(solved), 'investigating');
  await ok('resolve', String(solved), '--summary', 'Pinned the fonts package in the base image');
});
after(async () => server.stop());

test('knowledge finds a past incident by a note and says what fixed it', async () => {
  const piped = await ok('knowledge', 'renderer', 'fonts');
  const [line] = piped.trim().split('\n');
  const [number, status, , title, fix] = line!.split('\t');
  assert.deepEqual(
    [number, status, title, fix],
    [String(solved), 'resolved', 'Invoice PDFs render blank', 'Pinned the fonts package in the base image'],
  );
  const json = JSON.parse(await ok('knowledge', '"base image update"', '--json'));
  assert.deepEqual(json.items[0].matched, ['note']);
});

test('knowledge --like an incident shows the past one; list searches notes', async () => {
  const now = JSON.parse(
    await ok('declare', 'Invoice PDFs are blank again', '--urgency', 'P3', '--reason', 'test', '--json'),
  );
  const like = JSON.parse(await ok('knowledge', '--like', String(now.number), '--json'));
  assert.equal(like.items[0].incident.number, solved);
  const found = JSON.parse(await ok('list', '--search', 'renderer', '--json'));
  assert.deepEqual(
    found.items.map((i: { number: number }) => i.number),
    [solved],
  );
  const usage = await run('knowledge');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /either words to search or --like/);
});
