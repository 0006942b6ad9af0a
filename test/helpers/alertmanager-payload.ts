/** An Alertmanager webhook body (payload version 4) for tests: its alerts by name and fingerprint. */
export function amPayload(
  status: 'firing' | 'resolved',
  alerts: { name: string; fp: string; severity?: string; description?: string }[],
  groupKey = '{}:{alertname="HighErrorRate"}',
) {
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: 'expedite',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: alerts.map((a) => ({
      status,
      labels: { alertname: a.name, severity: a.severity ?? 'critical', service: 'checkout' },
      annotations: {
        summary: `${a.name} on checkout`,
        ...(a.description ? { description: a.description } : {}),
      },
      startsAt: '2026-03-01T08:59:00Z',
      endsAt: status === 'resolved' ? '2026-03-01T09:05:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up',
      fingerprint: a.fp,
    })),
  };
}
