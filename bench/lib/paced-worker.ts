/**
 * The paced load generator, run as a child process of the benchmark (`bench/lib/paced.ts` starts
 * it): a fresh process whose heap holds nothing of earlier benchmark phases, so its own pauses do
 * not show up as server latency. It gets its spec over IPC, runs the warm-up, says "measuring",
 * runs the measured part and sends the figures.
 *
 * It shares two cores with the server, so it is kept lean: raw keep-alive sockets, one request in
 * flight on each, a new socket only when all are busy, and a minimal HTTP/1.1 response reader.
 * (Node's http client cost twice the CPU per request of this one, and its own
 * garbage-collection pauses of 20–40 ms showed up as server latency.)
 */
import net from 'node:net';
import { alertBodies } from './alert-bodies.ts';
import type { LoadResult } from './load.ts';

/** What the parent sends: where, how fast, how long, and which Alertmanager payloads. */
export interface WorkerSpec {
  url: string;
  rate: number;
  durationS: number;
  warmupS: number;
  /** Dedup-key prefix of the one-alert payloads (`alertBodies(1, prefix)`). */
  prefix: string;
}

/** The figures of the measured part (the parent adds CPU per request). */
export type PacedFigures = Omit<LoadResult, 'cpuPerRequest'>;

/** Messages to the parent. */
export type WorkerMessage = { measuring: true } | { figures: PacedFigures };

const TIMEOUT_MS = 10_000;
const HEADER_END = Buffer.from('\r\n\r\n');

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

/** What one finished request reports: its HTTP status (0 for a connection error or timeout) and body size. */
type Done = (status: number, bytes: number) => void;

/** A keep-alive connection carrying one request at a time. */
class Connection {
  readonly socket: net.Socket;
  #pending: Buffer | null = null;
  #done: Done | null = null;
  #timer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(host: string, port: number, onIdle: (c: Connection) => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      const answered = this.#read(chunk);
      if (answered) onIdle(this);
    });
    const fail = () => {
      this.closed = true;
      this.#finish(0, 0);
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  send(request: string, done: Done): void {
    this.#done = done;
    this.#pending = null;
    this.#timer = setTimeout(() => this.socket.destroy(), TIMEOUT_MS);
    this.socket.write(request);
  }

  /** Reads a Content-Length framed response; true when it is complete. */
  #read(chunk: Buffer): boolean {
    const buf = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    const headerEnd = buf.indexOf(HEADER_END);
    if (headerEnd >= 0) {
      const head = buf.toString('latin1', 0, headerEnd);
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) {
        this.socket.destroy(new Error('paced: response without content-length'));
        return false;
      }
      const bodyLength = Number(length[1]);
      if (buf.length >= headerEnd + HEADER_END.length + bodyLength) {
        this.#finish(Number(head.slice(9, 12)), bodyLength);
        return true;
      }
    }
    this.#pending = buf;
    return false;
  }

  #finish(status: number, bytes: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    const done = this.#done;
    this.#done = null;
    this.#pending = null;
    done?.(status, bytes);
  }
}

/** Connections kept between the warm-up and the measured run. */
class Connections {
  #idle: Connection[] = [];
  #all = new Set<Connection>();
  readonly #host: string;
  readonly #port: number;

  constructor(url: URL) {
    this.#host = url.hostname;
    this.#port = Number(url.port);
  }

  take(): Connection {
    for (let c = this.#idle.pop(); c; c = this.#idle.pop()) if (!c.closed) return c;
    const c = new Connection(this.#host, this.#port, (idle) => this.#idle.push(idle));
    this.#all.add(c);
    c.socket.on('close', () => this.#all.delete(c));
    return c;
  }

  close(): void {
    for (const c of this.#all) c.socket.destroy();
  }
}

/** Sends `rate` POSTs a second for `durationS`; resolves when the last one is answered. */
function paced(spec: WorkerSpec, makeBody: () => string, pool: Connections, durationS: number) {
  const url = new URL(spec.url);
  const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n`;
  const total = Math.round(spec.rate * durationS);
  const latencies = new Float64Array(total);
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let bytes = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  return new Promise<PacedFigures>((resolve) => {
    const done = () => {
      if (++settled < total) return;
      const elapsedS = (performance.now() - start) / 1000;
      const sorted = latencies.subarray(0, ok).sort();
      resolve({
        rps: total / elapsedS,
        p50: Math.round(percentile(sorted, 50) * 10) / 10,
        p99: Math.round(percentile(sorted, 99) * 10) / 10,
        total,
        failed: total - ok,
        errors,
        bytesPerResponse: ok ? bytes / ok : 0,
        statusCodes,
      });
    };
    const send = (dueAt: number) => {
      const body = makeBody();
      const request = `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      pool.take().send(request, (status, size) => {
        if (status === 0) errors++;
        else {
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            latencies[ok++] = performance.now() - dueAt;
            bytes += size;
          }
        }
        done();
      });
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * spec.rate) / 1000) + 1);
      for (; sent < due; sent++) send(start + (sent * 1000) / spec.rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

process.once('message', (spec: WorkerSpec) => {
  const pool = new Connections(new URL(spec.url));
  const makeBody = alertBodies(1, spec.prefix);
  const send = (m: WorkerMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  void (async () => {
    if (spec.warmupS > 0) await paced(spec, makeBody, pool, spec.warmupS);
    await send({ measuring: true });
    const figures = await paced(spec, makeBody, pool, spec.durationS);
    pool.close();
    await send({ figures });
    process.disconnect();
  })();
});
