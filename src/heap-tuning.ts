/**
 * V8 settings for a long-running server, applied before anything else is loaded (the first import
 * of `src/cli/main.ts`).
 *
 * Allocation-site pretenuring is off. V8 watches where objects are created; when most objects from
 * one place survive a young-generation collection, it creates the next ones there directly in the
 * old generation. Under steady ingest a slow database round trip makes a request's objects (its
 * body, its pending write) survive once, V8 pretenures them, and from then on each dead pretenured
 * object keeps the young objects it points to alive until the next full collection, so every young
 * collection copies and promotes them, and its pauses grow many times longer (ADR 0016).
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--no-allocation-site-pretenuring');
