/**
 * The shared part of the issue-tracker stand-ins (github.ts, gitlab.ts, jira.ts): an HTTP server on
 * 127.0.0.1 (random port) that reads JSON bodies, records contract violations, keeps the issues it
 * created (whose state a test may change), and fails the next requests on demand.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An issue as a stand-in keeps it. */
export interface FakeIssue {
  number: number;
  title: string;
  /** The description as received (Markdown text, or Jira's document). */
  body: unknown;
  labels: unknown;
  state: 'open' | 'closed';
  headers: http.IncomingHttpHeaders;
}

/** What every stand-in offers a test. */
export interface FakeTracker {
  /** The base URL to configure the tracker with. */
  baseUrl: string;
  issues: FakeIssue[];
  /** Every contract violation; tests assert this stays empty. */
  violations: string[];
  /** Requests received, as `METHOD path`. */
  requests: string[];
  /** The next `times` requests answer `status` (a vendor's outage). */
  fail(status: number, times?: number): void;
  close(): Promise<void>;
}

/** A request as a stand-in's handler sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined (no body, or not JSON: see `raw`). */
  json: unknown;
  raw: string;
}

/** A stand-in's answer: a status and a JSON body. */
export type FakeAnswer = { status: number; body: unknown };

/** Starts a stand-in with `handle`, which answers each request and records violations through `bad`. */
export async function startIssueServer(
  handle: (req: FakeRequest, state: { issues: FakeIssue[]; bad: (why: string) => FakeAnswer }) => FakeAnswer,
  badAnswer: (why: string) => FakeAnswer,
): Promise<FakeTracker> {
  const issues: FakeIssue[] = [];
  const violations: string[] = [];
  const requests: string[] = [];
  let failing = { status: 0, left: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      requests.push(`${req.method} ${path}`);
      const send = (a: FakeAnswer) => {
        res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(a.body));
      };
      if (failing.left > 0) {
        failing.left--;
        return send({ status: failing.status, body: { message: 'Service unavailable' } });
      }
      let json: unknown;
      try {
        json = raw ? JSON.parse(raw) : undefined;
      } catch {
        json = undefined;
      }
      const bad = (why: string) => {
        violations.push(`${req.method} ${path}: ${why}`);
        return badAnswer(why);
      };
      send(handle({ method: req.method ?? '', path, headers: req.headers, json, raw }, { issues, bad }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    issues,
    violations,
    requests,
    fail(status, times = 1) {
      failing = { status, left: times };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a Content-Type header names JSON. */
export const isJson = (type: string | undefined): boolean => /^application\/json\b/i.test(type ?? '');

/** The problems of a JSON body that should be an object; empty when it is one. */
export function objectBody(req: FakeRequest): Record<string, unknown> | string {
  if (!isJson(req.headers['content-type']))
    return `Content-Type is "${req.headers['content-type'] ?? ''}", not JSON`;
  if (typeof req.json !== 'object' || req.json === null || Array.isArray(req.json))
    return 'the body is not a JSON object';
  return req.json as Record<string, unknown>;
}
