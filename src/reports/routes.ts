/**
 * Support reports over HTTP: upload evidence (screenshots, video, HAR files: parsed and redacted
 * before anything is stored), file a report that opens or joins an incident, read an incident's
 * reports, and find open incidents that look similar.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/plugin.ts';
import { AppError, notFound } from '../errors.ts';
import { errors } from '../http/schemas.ts';
import { incidentSchema, refParams } from '../incidents/schema.ts';
import { getIncident } from '../incidents/store.ts';
import { openUpload, UploadTooLarge } from '../uploads/files.ts';
import { storeEvidence } from './evidence.ts';
import { fileReport } from './file-report.ts';
import {
  createReportBody,
  createReportResponse,
  reportSchema,
  similarQuery,
  uploadSchema,
} from './schema.ts';
import { mostNamed, similarIncidents } from './similar.ts';
import { findUpload, insertUpload, listReports } from './store.ts';

/**
 * Reading the multipart body: busboy refuses a bad boundary or broken framing (a part cut short,
 * the closing boundary missing) with plain errors, without a status; those are the client's
 * doing, a 400 naming the body. `framing` is true while busboy only reads the header.
 */
async function fromBody<T>(reading: Promise<T>, framing = false): Promise<T> {
  try {
    return await reading;
  } catch (err) {
    const e = err as Error & { statusCode?: number; code?: string };
    const malformed =
      framing ||
      e.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
      /multipart data|^Unexpected end of form/.test(String(e.message));
    if (!malformed || e.statusCode) throw err;
    throw new AppError('invalid_request', `body: ${e.message}`, [{ field: 'body', message: e.message }]);
  }
}

/** A filename safe to show and to put in a header. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch >= ' ' && ch !== '\u007f' && ch !== '"')
    .join('')
    .slice(0, 200);
  return cleaned || 'upload';
}

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = app.deps;
  const { pool, clock, config } = deps;
  await app.register(multipart, {
    // One byte over the limit reaches our own check, which refuses it before anything is kept.
    limits: { fileSize: config.uploadLimit + 1, files: 1, fields: 5, fieldSize: 1024 },
  });

  r.post(
    '/api/v1/uploads',
    {
      bodyLimit: config.uploadLimit + 64 * 1024,
      config: { permission: 'reports:file' },
      schema: {
        tags: ['reports'],
        summary: 'Upload evidence',
        description:
          'multipart/form-data with one file in `file`, streamed to disk. The type is sniffed from the content. ' +
          'Any HAR file, whatever its name, declared type or text encoding (UTF-8, UTF-16), is read and only its ' +
          'redacted form is stored (cookies, credentials, tokens, secret fields and parameters removed); the answer ' +
          'carries its summary (failing and slow requests, page errors). A file named or declared as HAR that cannot ' +
          'be read is refused (400, with the reason); a HAR entry over 16 MB is refused (413).',
        consumes: ['multipart/form-data'],
        response: { 201: uploadSchema, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!req.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          'Send the file as multipart/form-data in the field "file"',
        );
      const part = await fromBody(req.file(), true);
      if (!part || part.fieldname !== 'file')
        throw new AppError('invalid_request', 'file: no file in the field "file"', [
          { field: 'file', message: 'required' },
        ]);
      const filename = cleanName(part.filename);
      const { saved, sniffed, harSummary } = await fromBody(
        storeEvidence(config, part.file, filename, part.mimetype),
      );
      if (part.file.truncated) throw new UploadTooLarge(config.uploadLimit);
      const upload = await insertUpload(pool, {
        sha256: saved.sha256,
        filename,
        content_type: sniffed.contentType,
        kind: sniffed.kind,
        size: saved.size,
        har_summary: harSummary,
        uploaded_by: user.id,
        uploaded_at: clock.now(),
      });
      return reply.code(201).send(upload);
    },
  );

  r.get(
    '/api/v1/uploads/:id',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['reports'],
        summary: 'Download an upload',
        description: 'Served as an attachment with its sniffed type, never run by the browser.',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.any().describe('The file'), ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const row = await findUpload(pool, req.params.id);
      if (!row) throw notFound('upload', req.params.id);
      const stream = await openUpload(config.uploadsDir, row.sha256);
      return reply
        .header('content-type', row.content_type)
        .header('content-length', String(row.size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(stream);
    },
  );

  r.post(
    '/api/v1/reports',
    {
      config: { permission: 'reports:file' },
      schema: {
        tags: ['reports'],
        summary: 'File a support report',
        description:
          'Attaches to an open incident (`incident`), or opens a new one whose origin is the reporter. ' +
          'Upload evidence first and list the upload ids in `attachments`.',
        body: createReportBody,
        response: { 201: createReportResponse, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await fileReport(deps, currentUser(req), req.body)),
  );

  r.get(
    '/api/v1/incidents/:ref/reports',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['reports'],
        summary: 'The support reports of an incident',
        params: refParams,
        response: { 200: z.object({ items: z.array(reportSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const incident = await getIncident(pool, req.params.ref);
      return { items: await listReports(pool, { incidentId: incident.id }) };
    },
  );

  r.get(
    '/api/v1/reports/similar',
    {
      config: { permission: 'incidents:read' },
      schema: {
        tags: ['reports'],
        summary: 'Open incidents similar to a description',
        description:
          'Ranked by the words they share with `text`; for suggesting an incident to attach a report to.',
        querystring: similarQuery,
        response: {
          200: z.object({
            items: z.array(incidentSchema),
            suggestedService: z
              .object({ id: z.uuid(), name: z.string() })
              .nullable()
              .describe('The service most of them name: a suggestion for a new report'),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const items = await similarIncidents(pool, req.query.text, req.query.limit);
      return { items, suggestedService: mostNamed(items.map((i) => i.service)) };
    },
  );
}
