/*
 * Bugsnag (Insight Hub) data-forwarding webhook. The payload as Bugsnag documents it
 * (https://docs.bugsnag.com/product/integrations/webhook/), optional parts trimmed; a
 * firstException in full is fixtures/bugsnag-first-exception.json:
 *
 *   {
 *     "account": { "id": "56b9ca7f17025f8756f69054", "name": "My Company",
 *                  "url": "https://app.bugsnag.com/accounts/my-company" },
 *     "project": { "id": "56b9ca7f17025f8756f69054", "name": "My Test Project",
 *                  "url": "https://app.bugsnag.com/my-company/my-test-project" },
 *     "trigger": { "type": "exception", "message": "1000th exception" },
 *     "error": {
 *       "id": "56b9ca7f17025f8756f69054",
 *       "errorId": "56b9ca7f17025f8756f69054",
 *       "exceptionClass": "NoMethodError",
 *       "message": "Unable to connect to database.",
 *       "context": "auth/session#create",
 *       "appVersion": "0.1.0",
 *       "releaseStage": "development",
 *       "firstReceived": "2015-11-27T15:26:11.000Z",
 *       "receivedAt": "2015-11-27T15:26:11.000Z",
 *       "requestUrl": "http://localhost:3000/admin/raise_exception",
 *       "userId": "5642494942656e7eac000004",
 *       "url": "https://app.bugsnag.com/my-company/my-test-project/errors/56b9ca7f17025f8756f69054?event_id=56b9ca7f17025f8756f69054",
 *       "severity": "error"
 *     }
 *   }
 *
 * For `errorStateManualChange`, Bugsnag documents `trigger.stateChange`: one of fixed, reopened,
 * snoozed, snoozeCancelled, ignored, unignored. Newer deliveries may also carry `error.status`
 * (open, fixed, snoozed, ignored), which is read when `stateChange` is absent.
 */

/**
 * Bugsnag adapter. The dedup key is `error.errorId` (the error group; fallback `error.id`, then
 * `error.url`), and it is the group key too: each error is an incident of its own by default (a
 * rule's `groupBy` still groups them otherwise). Trigger types:
 * - errorStateManualChange: fixed → resolve; snoozed/ignored → acknowledge; reopened, unignored,
 *   snoozeCancelled → trigger (the state is read from `trigger.stateChange`, else `error.status`);
 * - firstException, exception, errorEventFrequency, powerTen, reopened and any other type that
 *   carries an error → trigger;
 * - projectSpiking → trigger, keyed `projectSpiking:<project id>` (it has no error);
 * - comment, release, projectSamplingStarted, projectApproachingRateLimit → no signal.
 */
import {
  addLabel,
  addLink,
  isObject,
  malformed,
  mapSeverity,
  optionalObject,
  requireId,
  requireObject,
  requireString,
  text,
  timestamp,
  title,
  type JsonObject,
} from './normalize.ts';
import type { Adapter, NormalizedSignal, SignalAction } from './types.ts';

const noSignal = new Set(['comment', 'release', 'projectSamplingStarted', 'projectApproachingRateLimit']);

/** The action a manual state change asks for. */
function stateAction(state: string | null): SignalAction {
  if (state === 'fixed') return 'resolve';
  if (state === 'snoozed' || state === 'ignored') return 'acknowledge';
  return 'trigger';
}

function errorTitle(error: JsonObject, fallback: string): string {
  const cls = text(error.exceptionClass);
  const message = text(error.message);
  const head = cls && message ? `${cls}: ${message}` : (cls ?? message ?? fallback);
  const context = text(error.context);
  return title(context ? `${head} (${context})` : head);
}

function dedupKeyOf(error: JsonObject): string {
  for (const k of ['errorId', 'id', 'url']) {
    const v = error[k];
    if ((typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v)))
      return requireId(v, `body.error.${k}`);
  }
  throw malformed('body.error.errorId', 'is required (or error.id / error.url)');
}

/** Turns one Bugsnag notification into at most one signal. */
function parseBugsnag(body: unknown): NormalizedSignal[] {
  const n = requireObject(body, 'body');
  const trigger = requireObject(n.trigger, 'body.trigger');
  const type = requireString(trigger.type, 'body.trigger.type');
  const project = optionalObject(n.project, 'body.project') ?? {};
  const error = optionalObject(n.error, 'body.error');
  if (noSignal.has(type)) return [];

  const labels: Record<string, string> = {};
  const links: NormalizedSignal['links'] = [];
  addLabel(labels, 'project', project.name);
  addLabel(labels, 'trigger', type);

  if (error === null) {
    if (type !== 'projectSpiking') throw malformed('body.error', `is required for trigger type "${type}"`);
    const projectId = requireId(project.id, 'body.project.id');
    addLink(links, project.url, 'Bugsnag project');
    const name = text(project.name) ?? projectId;
    return [
      {
        action: 'trigger',
        dedupKey: `projectSpiking:${projectId}`,
        groupKey: `projectSpiking:${projectId}`,
        title: title(`${name}: ${text(trigger.message) ?? 'error spike'}`),
        severity: 'warning',
        labels,
        links,
        occurredAt: null,
        payload: n,
      },
    ];
  }

  let action: SignalAction = 'trigger';
  if (type === 'errorStateManualChange')
    action = stateAction(text(trigger.stateChange) ?? text(error.status));
  for (const k of ['severity', 'releaseStage', 'appVersion', 'exceptionClass', 'context', 'status'])
    addLabel(labels, k, error[k]);
  addLabel(labels, 'unhandled', error.unhandled);
  addLink(links, error.url, 'Bugsnag error');
  if (isObject(error.createdIssue)) addLink(links, error.createdIssue.url, 'Issue');
  addLink(links, project.url, 'Bugsnag project');

  const dedupKey = dedupKeyOf(error);
  return [
    {
      action,
      dedupKey,
      groupKey: dedupKey,
      title: errorTitle(error, text(trigger.message) ?? 'Bugsnag error'),
      severity: mapSeverity(error.severity),
      labels,
      links,
      occurredAt: action === 'trigger' ? timestamp(error.receivedAt, 'body.error.receivedAt') : null,
      payload: n,
    },
  ];
}

/** The Bugsnag adapter: Bugsnag signs nothing and sends no delivery id. */
export const bugsnag: Adapter = {
  type: 'bugsnag',
  parse(req) {
    return { externalId: null, signals: parseBugsnag(req.body) };
  },
};
