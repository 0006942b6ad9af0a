/**
 * The host's speed at a moment: a fixed piece of CPU work (JSON in and out of an alert) timed in
 * this process. On a shared machine it varies (the same code's CPU per request by up to 1.6× from
 * one minute to the next); printed next to the figures, it tells a slow host from a slow change.
 */
const alert = {
  status: 'firing',
  labels: { alertname: 'HighErrorRate', instance: 'checkout-7', severity: 'critical', service: 'checkout' },
  annotations: { summary: 'Error rate above 5% on checkout-7' },
  startsAt: '2026-11-30T10:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus.example:9090/graph?g0.expr=rate',
  fingerprint: 'checkout-7',
};

function work(rounds: number): number {
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    const copy = JSON.parse(JSON.stringify({ ...alert, n: i })) as typeof alert;
    n += copy.fingerprint.length;
  }
  return n;
}

/**
 * Milliseconds the fixed work takes now, the best of three tries (a garbage collection or the
 * compiler in one try does not count): lower is faster, about 30 on a fast two-core host.
 */
export function cpuCheckMs(): number {
  work(5_000); // compiled before it is timed
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    work(20_000);
    best = Math.min(best, performance.now() - start);
  }
  return Math.round(best);
}
