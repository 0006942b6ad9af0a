/**
 * "Test this rule against a sample payload": parses a sample delivery with the integration's
 * adapter (no signature check, nothing stored) and routes each signal through the integration's
 * rules (or a draft of them) and then its service's, saying which rule takes it and what it would do.
 */
import { invalidField } from '../errors.ts';
import { adapters } from './integrations/index.ts';
import { DeliveryError } from './integrations/types.ts';
import { route, ruleUrgency } from './routing.ts';
import type { Rule } from './rule-schema.ts';
import type { IntegrationRecord } from './store.ts';

/** What routing would do with one signal of the sample. */
export interface RulePreview {
  title: string;
  severity: string | null;
  labels: Record<string, string>;
  rule: { id: string; name: string };
  action: Rule['action'];
  urgency: string | null;
  classification: Rule['classification'];
  groupKey: string;
  threshold: Rule['threshold'];
}

/** Routes the sample's signals; a payload the adapter refuses is a 400 naming `body.payload…`. */
export function previewRules(
  integration: IntegrationRecord,
  payload: unknown,
  draft: Rule[] | undefined,
  nowMs: number,
): RulePreview[] {
  const raw = Buffer.from(JSON.stringify(payload));
  let parsed;
  try {
    parsed = adapters[integration.type].parse(
      { headers: { 'content-type': 'application/json' }, rawBody: raw, body: payload, nowMs },
      { signingSecret: null, mapping: integration.mapping },
    );
  } catch (err) {
    if (err instanceof DeliveryError)
      throw invalidField(
        err.field ? err.field.replace(/^body/, 'body.payload') : 'body.payload',
        err.message,
      );
    throw err;
  }
  const rules = [...(draft ?? integration.rules), ...integration.serviceRules];
  return parsed.signals.map((s) => {
    const r = route(s, rules, [], { integrationId: integration.id, serviceId: integration.serviceId, nowMs });
    return {
      title: s.title,
      severity: s.severity,
      labels: s.labels,
      rule: { id: r.rule.id, name: r.rule.name },
      action: r.rule.action,
      urgency: r.rule.action === 'drop' ? null : ruleUrgency(r.rule, s.severity),
      classification: r.rule.classification,
      groupKey: r.groupKey,
      threshold: r.rule.threshold,
    };
  });
}
