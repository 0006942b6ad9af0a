/**
 * The operations to fuzz: every path × method of the OpenAPI document the app serves, plus the
 * routes the document hides (acknowledgement links, calendar feeds, health, metrics, the docs),
 * with their parameters, body schema and the content types they take.
 */
import type { JsonSchema } from './schema-arbitrary.ts';

export interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** How an operation's body is read, which decides the bodies worth sending. */
export type BodyKind = 'json' | 'none' | 'form' | 'multipart' | 'hook' | 'enqueue';

export interface Operation {
  method: string;
  /** OpenAPI form: `/api/v1/incidents/{ref}`. */
  path: string;
  params: Param[];
  body: JsonSchema | undefined;
  bodyKind: BodyKind;
  /** Left out of the document (`hide: true`): parameters come from the route's path only. */
  hidden: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Routes whose bodies are not JSON, by `METHOD path`. */
const bodyKinds: Record<string, BodyKind> = {
  'POST /api/v1/hooks/{key}': 'hook',
  'POST /v2/enqueue': 'enqueue',
  'POST /api/v1/uploads': 'multipart',
  'POST /api/v1/notify/twilio/sms': 'form',
  'POST /api/v1/notify/twilio/status': 'form',
  'POST /ack/{token}': 'form',
};

/** `/a/:b/*` → `/a/{b}/{wildcard}` */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{wildcard}');
}

function kindOf(method: string, path: string, body: JsonSchema | undefined): BodyKind {
  return bodyKinds[`${method} ${path}`] ?? (body ? 'json' : 'none');
}

/** Every operation of the document, then every route it leaves out. */
export function operations(doc: OpenApiDocument, routeTable: { method: string; url: string }[]): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [lower, op] of Object.entries(item)) {
      const method = lower.toUpperCase();
      const params: Param[] = (op.parameters ?? []).map((p: any) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        schema: p.schema ?? {},
      }));
      const body = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
      ops.push({ method, path, params, body, bodyKind: kindOf(method, path, body), hidden: false });
    }
  }
  const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
  for (const route of routeTable) {
    const path = openApiPath(route.url);
    const key = `${route.method} ${path}`;
    if (documented.has(key)) continue;
    documented.add(key);
    const params: Param[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1]!,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const bodyKind = kindOf(route.method, path, undefined);
    ops.push({ method: route.method, path, params, body: undefined, bodyKind, hidden: true });
  }
  return ops;
}
