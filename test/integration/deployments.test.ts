import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { runJobs } from '../helpers/jobs.ts';
import { createIntegration, postRaw } from '../helpers/signals-api.ts';

let t: TestApp;
let pdKey: string;
let apiService: string;

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

before(async () => {
  t = await createTestApp();
  // Services come from integrations: a PagerDuty one for "api" (its change events), another for "shop".
  pdKey = (await createIntegration(t, { name: 'API deploys', type: 'pagerduty', service: 'api' })).key;
  await createIntegration(t, { name: 'Shop', type: 'generic', service: 'shop' });
  const services = await t.call('admin', { method: 'GET', url: '/api/v1/services' });
  apiService = services.body.items.find((s: { name: string }) => s.name === 'api').id;
});
after(() => t.close());

/** Declares an incident on `service` and moves it to `status` (through investigating). */
async function incidentOn(service: string, status: 'triage' | 'investigating' | 'fixing' = 'fixing') {
  const res = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: { title: `Errors on ${service}`, service, scope: 'ALL', criticality: 'FBLOCK', area: 'BE' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const number = res.body.number as number;
  for (const s of ['investigating', 'fixing'] as const) {
    if (status === 'triage' || (status === 'investigating' && s === 'fixing')) break;
    const moved = await t.call('responder', {
      method: 'POST',
      url: `/api/v1/incidents/${number}/status`,
      payload: { status: s },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  return { id: res.body.id as string, number };
}

async function deploymentEntries(number: number) {
  const res = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/incidents/${number}/timeline?limit=200`,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.items as { kind: string; data: Record<string, unknown>; actor: unknown }[]).filter(
    (e) => e.kind === 'deployment',
  );
}

async function jobsOf(kind: string) {
  const { rows } = await t.db.pool.query<{ key: string; payload: Record<string, unknown> }>(
    'SELECT key, payload FROM jobs WHERE kind = $1 ORDER BY id',
    [kind],
  );
  return rows;
}

async function hook(body: Record<string, unknown>) {
  const res = await t.call('admin', { method: 'POST', url: '/api/v1/deployment-hooks', payload: body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; url: string };
}

test('the API records a deployment, notes each status once on the open incidents, and writes fix-deployed', async () => {
  const fixing = await incidentOn('api', 'fixing');
  const triage = await incidentOn('api', 'triage');
  const other = await incidentOn('shop', 'fixing');

  const started = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/deployments',
    payload: {
      service: 'api',
      version: 'v4.2.2',
      status: 'started',
      url: 'https://ci.example.com/runs/812',
      commit: '9fceb02',
      externalId: 'run-812',
    },
  });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.equal(started.body.status, 'started');
  assert.equal(started.body.environment, 'production');
  assert.equal(started.body.by, 'Responder');
  const id = started.body.id as string;

  t.clock.advance(5 * 60_000);
  // The same pipeline tells it finished, twice: one deployment, noted once.
  for (let i = 0; i < 2; i++) {
    const finished = await t.call('responder', {
      method: 'POST',
      url: '/api/v1/deployments',
      payload: { service: 'api', version: 'v4.2.2', status: 'finished', externalId: 'run-812' },
    });
    assert.equal(finished.status, 200, JSON.stringify(finished.body));
    assert.equal(finished.body.id, id);
    assert.equal(finished.body.status, 'finished');
    assert.equal(finished.body.finishedAt, '2026-03-01T09:05:00.000Z');
  }

  const entries = await deploymentEntries(fixing.number);
  assert.deepEqual(
    entries.map((e) => e.data),
    [
      {
        deploymentId: id,
        service: { id: apiService, name: 'api' },
        version: 'v4.2.2',
        environment: 'production',
        status: 'started',
        url: 'https://ci.example.com/runs/812',
        by: 'Responder',
      },
      {
        deploymentId: id,
        service: { id: apiService, name: 'api' },
        version: 'v4.2.2',
        environment: 'production',
        status: 'finished',
        url: 'https://ci.example.com/runs/812',
        by: 'Responder',
      },
    ],
  );
  assert.equal((await deploymentEntries(triage.number)).length, 2, 'an open incident in triage is told too');
  assert.deepEqual(await deploymentEntries(other.number), [], 'another service’s incident is not told');

  const jobs = (await jobsOf('fix-deployed')).filter((j) => j.payload.deploymentId === id);
  assert.deepEqual(jobs, [
    {
      key: `fix-deployed:${fixing.id}:${id}`,
      payload: {
        incidentId: fixing.id,
        deploymentId: id,
        serviceId: apiService,
        version: 'v4.2.2',
        environment: 'production',
        at: '2026-03-01T09:05:00.000Z',
      },
    },
  ]);

  // Rolled back: noted once, fix-rolled-back written; going back to finished is a 409.
  t.clock.advance(8 * 60_000);
  const back = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/deployments/${id}`,
    payload: { status: 'rolled-back', rolledBackTo: 'v4.2.1' },
  });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.rolledBackTo, 'v4.2.1');
  assert.equal(back.body.rolledBackAt, '2026-03-01T09:13:00.000Z');
  const again = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/deployments/${id}`,
    payload: { status: 'rolled-back', rolledBackTo: 'v4.2.1' },
  });
  assert.equal(again.status, 200);
  const backwards = await t.call('responder', {
    method: 'PATCH',
    url: `/api/v1/deployments/${id}`,
    payload: { status: 'finished' },
  });
  assert.equal(backwards.status, 409);
  assert.deepEqual(
    (await deploymentEntries(fixing.number)).map((e) => e.data.status),
    ['started', 'finished', 'rolled-back'],
  );
  const rolled = (await jobsOf('fix-rolled-back')).filter((j) => j.payload.deploymentId === id);
  assert.deepEqual(
    rolled.map((j) => j.key),
    [`fix-rolled-back:${fixing.id}:${id}`],
  );

  const room = await t.call('stakeholder', {
    method: 'GET',
    url: `/api/v1/incidents/${fixing.number}/deployments`,
  });
  assert.equal(room.status, 200, JSON.stringify(room.body));
  assert.equal(room.body.affectsDeployments, false);
  assert.deepEqual(
    room.body.deployments.map((d: { version: string; status: string }) => [d.version, d.status]),
    [['v4.2.2', 'rolled-back']],
  );
});

test('bad input is a 400 naming the field; stakeholders cannot record', async () => {
  const unknown = await t.call('responder', {
    method: 'POST',
    url: '/api/v1/deployments',
    payload: { service: 'nope', version: 'v1' },
  });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /body\.service/);
  const noTarget = await t.call('responder', {
    method: 'PATCH',
    url: '/api/v1/deployments/00000000-0000-4000-8000-000000000000',
    payload: { status: 'rolled-back' },
  });
  assert.equal(noTarget.status, 400);
  assert.match(noTarget.body.error.message, /rolledBackTo/);
  const stakeholder = await t.call('stakeholder', {
    method: 'POST',
    url: '/api/v1/deployments',
    payload: { service: 'api', version: 'v1' },
  });
  assert.equal(stakeholder.status, 403);
});

test('GitHub deployment_status: the documented sample records a deployment; a bad signature is 401', async () => {
  const incident = await incidentOn('shop', 'investigating');
  const secret = 'github-secret-0123456789';
  const h = await hook({
    name: 'GitHub',
    kind: 'github',
    secret,
    serviceMap: [{ repository: 'Codertocat/Hello-World', service: 'shop' }],
  });
  assert.match(h.url, new RegExp(`/api/v1/deployment-hooks/${h.id}/deliveries$`));
  const body = fixture('github/deployment_status.json');
  const url = `/api/v1/deployment-hooks/${h.id}/deliveries`;
  const sign = (b: string, s = secret) => `sha256=${createHmac('sha256', s).update(b).digest('hex')}`;

  const ping = await postRaw(t, url, '{"zen":"Keep it logically awesome."}', {
    'x-github-event': 'ping',
    'x-hub-signature-256': sign('{"zen":"Keep it logically awesome."}'),
  });
  assert.equal(ping.status, 202, JSON.stringify(ping.body));
  assert.equal(ping.body.status, 'pong');

  const forged = await postRaw(t, url, body, {
    'x-github-event': 'deployment_status',
    'x-hub-signature-256': sign(body, 'not-the-secret-at-all'),
  });
  assert.equal(forged.status, 401);
  const unsigned = await postRaw(t, url, body, { 'x-github-event': 'deployment_status' });
  assert.equal(unsigned.status, 401);
  assert.deepEqual(await deploymentEntries(incident.number), [], 'nothing recorded');

  const res = await postRaw(t, url, body, {
    'x-github-event': 'deployment_status',
    'x-hub-signature-256': sign(body),
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.status, 'recorded');
  const dep = await t.call('responder', {
    method: 'GET',
    url: `/api/v1/deployments/${res.body.deploymentId}`,
  });
  assert.equal(dep.body.service.name, 'shop');
  assert.equal(dep.body.version, 'f95f852');
  assert.equal(dep.body.environment, 'production');
  assert.equal(dep.body.status, 'finished');
  assert.equal(dep.body.commit, 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e');
  assert.equal(dep.body.by, 'Codertocat');
  assert.equal(dep.body.source, 'github');
  assert.equal(dep.body.externalId, '145988746');

  const redelivered = await postRaw(t, url, body, {
    'x-github-event': 'deployment_status',
    'x-hub-signature-256': sign(body),
  });
  assert.equal(redelivered.body.status, 'ignored');
  const entries = await deploymentEntries(incident.number);
  assert.deepEqual(
    entries.map((e) => [e.data.version, e.data.status, e.data.by, e.actor]),
    [['f95f852', 'finished', 'Codertocat', null]],
  );
  assert.equal((await jobsOf('fix-deployed')).filter((j) => j.payload.incidentId === incident.id).length, 1);
});

test('GitLab deployment events: the documented sample records a deployment; a wrong token is 401', async () => {
  const incident = await incidentOn('shop', 'fixing');
  const h = await hook({
    name: 'GitLab',
    kind: 'gitlab',
    secret: 'gitlab-token-0123456789',
    serviceMap: [{ repository: 'root/test-deployment-webhooks', environment: 'staging', service: 'shop' }],
  });
  const url = `/api/v1/deployment-hooks/${h.id}/deliveries`;
  const body = fixture('gitlab/deployment.json');
  const wrong = await postRaw(t, url, body, {
    'x-gitlab-event': 'Deployment Hook',
    'x-gitlab-token': 'gitlab-token-wrong',
  });
  assert.equal(wrong.status, 401);
  const res = await postRaw(t, url, body, {
    'x-gitlab-event': 'Deployment Hook',
    'x-gitlab-token': 'gitlab-token-0123456789',
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.status, 'recorded');
  const entries = await deploymentEntries(incident.number);
  assert.deepEqual(
    entries.map((e) => [e.data.version, e.data.environment, e.data.status, e.data.url, e.data.by]),
    [
      [
        '279484c0',
        'staging',
        'finished',
        'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
        'root',
      ],
    ],
  );
  // A project no rule names, and the hook has no fixed service: answered, nothing recorded.
  const elsewhere = JSON.parse(body);
  elsewhere.project.path_with_namespace = 'root/other';
  elsewhere.deployment_id = 16;
  const ignored = await postRaw(t, url, JSON.stringify(elsewhere), {
    'x-gitlab-event': 'Deployment Hook',
    'x-gitlab-token': 'gitlab-token-0123456789',
  });
  assert.equal(ignored.status, 202);
  assert.equal(ignored.body.status, 'ignored');
  assert.match(ignored.body.reason, /root\/other/);
});

test('the generic form records a deployment and its rollback; a wrong bearer is 401', async () => {
  const incident = await incidentOn('shop', 'fixing');
  const h = await hook({
    name: 'Deploy script',
    kind: 'generic',
    secret: 'generic-secret-0123456789',
    service: 'shop',
  });
  const url = `/api/v1/deployment-hooks/${h.id}/deliveries`;
  const send = (b: Record<string, unknown>, secret = 'generic-secret-0123456789') =>
    postRaw(t, url, JSON.stringify(b), { authorization: `Bearer ${secret}` });
  assert.equal((await send({ version: 'v9' }, 'generic-secret-wrong')).status, 401);
  const bad = await send({ environment: 'production' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /body\.version/);

  const done = await send({ id: 'deploy-77', version: '2026.12.07-1', url: 'https://deploy.example.com/77' });
  assert.equal(done.status, 202, JSON.stringify(done.body));
  assert.equal(done.body.status, 'recorded');
  const back = await send({
    id: 'deploy-77',
    version: '2026.12.07-1',
    status: 'rolled-back',
    rolledBackTo: '2026.12.06-3',
  });
  assert.equal(back.body.status, 'recorded');
  assert.deepEqual(
    (await deploymentEntries(incident.number)).map((e) => [e.data.version, e.data.status]),
    [
      ['2026.12.07-1', 'finished'],
      ['2026.12.07-1', 'rolled-back'],
    ],
  );
  assert.deepEqual(
    (await jobsOf('fix-rolled-back')).filter((j) => j.payload.incidentId === incident.id).length,
    1,
  );
});

test('a PagerDuty change event records a finished deployment of its service', async () => {
  const incident = await incidentOn('api', 'fixing');
  const change = await t.call(null, {
    method: 'POST',
    url: '/v2/change/enqueue',
    payload: {
      routing_key: pdKey,
      payload: {
        summary: 'Deploy api v4.3.0',
        source: 'ci.example.com',
        custom_details: { environment: 'production' },
      },
      links: [{ href: 'https://ci.example.com/builds/4242', text: 'Build 4242' }],
    },
  });
  assert.equal(change.status, 202, JSON.stringify(change.body));
  await runJobs(t);
  const entries = (await deploymentEntries(incident.number)).filter((e) => e.data.version === 'v4.3.0');
  assert.deepEqual(
    entries.map((e) => [e.data.status, e.data.environment, e.data.url, e.data.by]),
    [['finished', 'production', 'https://ci.example.com/builds/4242', 'ci.example.com']],
  );
  const listed = await t.call('responder', { method: 'GET', url: '/api/v1/deployments?service=api&limit=1' });
  assert.equal(listed.body.deployments[0].source, 'pagerduty');
});

test('hooks are kept by admins; their secret is never shown', async () => {
  const responder = await t.call('responder', { method: 'GET', url: '/api/v1/deployment-hooks' });
  assert.equal(responder.status, 403);
  const noService = await t.call('admin', {
    method: 'POST',
    url: '/api/v1/deployment-hooks',
    payload: { name: 'x', kind: 'generic', secret: 'generic-secret-0123456789' },
  });
  assert.equal(noService.status, 400);
  assert.match(noService.body.error.message, /service/);
  const list = await t.call('admin', { method: 'GET', url: '/api/v1/deployment-hooks' });
  assert.equal(list.status, 200);
  assert.ok(list.body.hooks.length >= 3);
  assert.ok(!JSON.stringify(list.body).includes('secret-0123456789'));
  const gone = await t.call('admin', {
    method: 'DELETE',
    url: `/api/v1/deployment-hooks/${list.body.hooks[0].id}`,
  });
  assert.equal(gone.status, 200);
});
