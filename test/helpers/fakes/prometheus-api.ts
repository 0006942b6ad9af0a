/**
 * A stand-in for the Prometheus HTTP API on 127.0.0.1: `GET /api/v1/query` answers the documented
 * instant-query shape (`{status: 'success', data: {resultType: 'vector', result: [{metric, value:
 * [unix seconds, "string value"]}]}}`) with the value the test sets, and records requests that
 * break the contract (another method or path, no `query` parameter).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake Prometheus. */
export interface FakePrometheus {
  url: string;
  /** Queries received, in order. */
  queries: string[];
  /** Requests that broke the documented contract, in words. */
  violations: string[];
  close(): Promise<void>;
}

/** Starts a fake answering every instant query with one series of `value`. */
export async function startFakePrometheus(value = 1): Promise<FakePrometheus> {
  const queries: string[] = [];
  const violations: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname !== '/api/v1/query' || (req.method !== 'GET' && req.method !== 'POST')) {
      violations.push(`${req.method} ${url.pathname}`);
      return json(404, { status: 'error', errorType: 'not_found', error: 'not found' });
    }
    const query = url.searchParams.get('query');
    if (!query) {
      violations.push('no query parameter');
      return json(400, { status: 'error', errorType: 'bad_data', error: 'query is required' });
    }
    queries.push(query);
    json(200, {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, String(value)] }] },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    violations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
