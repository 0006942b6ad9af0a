/** The OpenAPI 3.1 document (from the routes' zod schemas) and the browsable docs at /api/docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { contentSecurityPolicy } from './page-headers.ts';

/** Registers the document generator; call before routes. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Expedite API',
        version: '1',
        description:
          'Incident response: signals and support reports, classification and urgency, ownership and the timeline, ' +
          'on-call schedules, escalation and paging, clients and their SLAs. ' +
          'Authenticate with `Authorization: Bearer <token>` ' +
          '(from POST /api/v1/auth/login or an API token) or the session cookie. Errors always have the shape ' +
          '`{ "error": { "code", "message", "details"? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'expedite_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => withCommonAnswers(jsonSchemaTransformObject(input)),
  });
  // Swagger UI's page, scripts and styles are files of its own (no inline code): nothing else loads.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: contentSecurityPolicy({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
    }),
  });
}

/** What any API route may answer besides its own: the database out of reach. */
const commonAnswers: Record<string, { description: string }> = {
  '503': {
    description: 'The database is out of reach; retry after `Retry-After` seconds (the Error shape).',
  },
};

/** Adds the answers every /api/v1 operation shares to each one's responses. */
function withCommonAnswers<T>(doc: T): T {
  type Operation = { responses?: Record<string, unknown> };
  const paths = (doc as { paths?: Record<string, Record<string, Operation | undefined>> }).paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (op) op.responses = { ...commonAnswers, ...op.responses };
    }
  }
  return doc;
}

/** Serves the document at /api/v1/openapi.json; call after routes. */
export function openApiRoute(app: FastifyInstance) {
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
