// Deployments in words, for the room's "Fix: deployments" and the Deployments view alike.
import type { Deployment } from '../api/types.ts';

/** A time of day, e.g. "14:10". */
export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** What happened to a deployment, when: "deployed v4.2.2 at 14:10 — rolled back at 14:18 to v4.2.1". */
export function deploymentWords(d: Deployment): string {
  const parts: string[] = [];
  if (d.finishedAt) parts.push(`deployed ${d.version} at ${clock(d.finishedAt)}`);
  else if (d.failedAt) parts.push(`deploying ${d.version} failed at ${clock(d.failedAt)}`);
  else parts.push(`deploying ${d.version} since ${clock(d.startedAt)}`);
  if (d.rolledBackAt)
    parts.push(`rolled back at ${clock(d.rolledBackAt)}${d.rolledBackTo ? ` to ${d.rolledBackTo}` : ''}`);
  return parts.join(' — ');
}
