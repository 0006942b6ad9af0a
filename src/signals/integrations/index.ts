/** Every integration adapter by type, for the ingest route and the admin API. */
import { alertmanager } from './alertmanager.ts';
import { bugsnag } from './bugsnag.ts';
import { generic } from './generic.ts';
import { grafana } from './grafana.ts';
import { pagerduty } from './pagerduty.ts';
import { sentry } from './sentry.ts';
import type { Adapter, IntegrationType } from './types.ts';

/** The adapter of each integration type; typed as a full record so a new type cannot be forgotten. */
export const adapters: Record<IntegrationType, Adapter> = {
  alertmanager,
  pagerduty,
  grafana,
  sentry,
  bugsnag,
  generic,
};
