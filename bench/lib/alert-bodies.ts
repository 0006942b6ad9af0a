/** Alertmanager webhook payloads for the ingest benchmark (also built inside the paced load generator). */

/** Alertmanager payloads: 90% of alerts repeat one of 100 hot keys, spread over 20 groups. */
export function alertBodies(perRequest: number, prefix: string): () => string {
  let n = 0;
  return () => {
    const alerts = [];
    for (let i = 0; i < perRequest; i++, n++) {
      const key = n % 10 === 0 ? `${prefix}-new-${n}` : `${prefix}-hot-${n % 100}`;
      alerts.push({
        status: 'firing',
        labels: { alertname: 'HighErrorRate', instance: key, severity: 'critical', service: 'checkout' },
        annotations: { summary: `Error rate above 5% on ${key}` },
        startsAt: '2026-11-30T10:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph?g0.expr=rate',
        fingerprint: key,
      });
    }
    return JSON.stringify({
      version: '4',
      groupKey: `{}:{group="g${n % 20}"}`,
      status: 'firing',
      receiver: 'expedite',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example:9093',
      truncatedAlerts: 0,
      alerts,
    });
  };
}

/** Storm payloads: every alert new, one per request, 20 groups. */
export function stormBodies(): () => string {
  let n = 0;
  const one = alertBodies(1, 'storm');
  return () => {
    n++;
    const body = JSON.parse(one()) as { groupKey: string; alerts: { fingerprint: string; labels: object }[] };
    body.groupKey = `{}:{group="storm-${n % 20}"}`;
    body.alerts[0]!.fingerprint = `storm-${n}`;
    return JSON.stringify(body);
  };
}
