/**
 * The contract every integration adapter meets: it turns one HTTP delivery from a vendor into
 * normalised signals. Adapters are pure (no I/O, no clock of their own): the ingest pipeline
 * verifies, parses, then commits what they return before answering 2xx.
 */

/** Integration types Expedite accepts. */
export const integrationTypes = [
  'alertmanager',
  'pagerduty',
  'grafana',
  'sentry',
  'bugsnag',
  'generic',
] as const;
export type IntegrationType = (typeof integrationTypes)[number];

/** What a signal asks for: open or count on an alert, acknowledge it, or resolve it. */
export type SignalAction = 'trigger' | 'acknowledge' | 'resolve';

/** Normalised severities; adapters map vendor words onto these. */
export const severities = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

/** One alert event, whatever the vendor. */
export interface NormalizedSignal {
  action: SignalAction;
  /** Stable per alert at the source: the same key while open counts on the same alert. */
  dedupKey: string;
  /** The source's own grouping (Alertmanager groupKey, PagerDuty payload.group), or null. */
  groupKey: string | null;
  /** Short human summary, at most 500 characters (adapters truncate). */
  title: string;
  severity: Severity | null;
  /** Flat string labels (Alertmanager labels, tags, …), used by routing rules and shown in the room. */
  labels: Record<string, string>;
  /** Links back to the source (generator URL, issue URL, dashboard, …). */
  links: { href: string; text?: string }[];
  /** When the source says it happened, if it says; otherwise the receipt time is used. */
  occurredAt: Date | null;
  /** The part of the delivery this signal came from, stored verbatim. */
  payload: unknown;
  /**
   * How many alerts of this signal's group the sender left out of the delivery (Alertmanager's and
   * Grafana's `truncatedAlerts`, when `max_alerts` cut the list); absent: the sender truncates nothing.
   */
  truncatedAlerts?: number;
}

/** One delivery (HTTP request) parsed. */
export interface ParsedDelivery {
  /** The delivery's own id when the vendor sends one (redelivery of the same id is idempotent). */
  externalId: string | null;
  signals: NormalizedSignal[];
}

/** What an adapter may read of the request. */
export interface DeliveryRequest {
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (signatures are computed over it). */
  rawBody: Buffer;
  /** The body parsed as JSON. */
  body: unknown;
  /** Receipt time in milliseconds since the epoch, from the one clock (for timestamp tolerance). */
  nowMs: number;
}

/** The integration's settings an adapter may need. */
export interface AdapterSettings {
  /** Sentry client secret or Standard Webhooks secret (`whsec_…`), when configured. */
  signingSecret: string | null;
  /** Generic webhook mapping (see generic.ts). */
  mapping: GenericMapping | null;
}

/** Where the generic webhook finds each field: JSON paths like `$.alert.title` or `alerts[*]`. */
export interface GenericMapping {
  /** Path to an array of items; each item is one signal. Absent: the body is one signal. */
  items?: string;
  title: string;
  dedupKey: string;
  severity?: string;
  /** Path to a status value; `resolvedValues` name the values meaning resolved. */
  status?: string;
  resolvedValues?: string[];
  acknowledgedValues?: string[];
  groupKey?: string;
  /** Paths to objects whose string values become labels. */
  labels?: string;
  link?: string;
  /** Path to the delivery id (otherwise the Standard Webhooks `webhook-id` header, if any). */
  deliveryId?: string;
}

/** A delivery the adapter refuses: malformed (400) or failing verification (401). */
export class DeliveryError extends Error {
  readonly kind: 'malformed' | 'unauthorized';
  /** The field or header at fault, e.g. `body.alerts[0].fingerprint`. */
  readonly field: string | undefined;
  constructor(kind: 'malformed' | 'unauthorized', message: string, field?: string) {
    super(message);
    this.name = 'DeliveryError';
    this.kind = kind;
    this.field = field;
  }
}

/** One vendor's adapter. */
export interface Adapter {
  type: IntegrationType;
  /** Checks the request's signature when the integration has a signing secret; throws DeliveryError. */
  verify?(req: DeliveryRequest, settings: AdapterSettings): void;
  /** Parses the delivery; throws DeliveryError('malformed') naming the field on bad input. */
  parse(req: DeliveryRequest, settings: AdapterSettings): ParsedDelivery;
}
