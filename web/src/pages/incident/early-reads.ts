// Reads started as soon as the incident room's code loads, before React shows the page (React holds
// a page that was loading back for up to 300 ms after its spinner appeared). The first query that
// asks for the same key takes the answer instead of reading again.

const FRESH_MS = 5_000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Starts `read` now and keeps its answer under `key`. */
export function readEarly(key: string, read: () => Promise<unknown>): void {
  const answer = read();
  // Handled here so that an unused failure is not reported; the taker still sees the rejection.
  answer.catch(() => undefined);
  early.set(key, { at: Date.now(), answer });
}

/** The early answer under `key` (once, while fresh), or the result of `read`. */
export function takeEarly<T>(key: string, read: () => Promise<T>): Promise<T> {
  const hit = early.get(key);
  early.delete(key);
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.answer as Promise<T>;
  return read();
}
