/**
 * What an alert shows after a repeat: its details merge, they are not replaced. The same rules as
 * the database's alert_merge_labels and alert_merge_links (used when a repeat meets the stored
 * alert), applied to repeats within one batch before they are written.
 */
import { labelLimits } from './integrations/normalize.ts';
import type { NormalizedSignal } from './integrations/types.ts';

/** At most this many links on an alert (the first ones kept). */
export const maxAlertLinks = 20;

/** The labels of `kept`, then those of `added` it lacks (by name), up to the label limit. */
export function mergeLabels(kept: Record<string, string>, added: Record<string, string>) {
  const merged: Record<string, string> = { ...kept };
  let room = labelLimits.count - Object.keys(kept).length;
  for (const key of Object.keys(added).sort()) {
    if (room <= 0) break;
    if (Object.hasOwn(merged, key)) continue;
    // defineProperty: a label named `__proto__` stays an ordinary label.
    Object.defineProperty(merged, key, {
      value: added[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    room--;
  }
  return merged;
}

/** The links of `kept`, then those of `added` with an href not among them, up to maxAlertLinks. */
export function mergeLinks(kept: NormalizedSignal['links'], added: NormalizedSignal['links']) {
  const merged = [...kept];
  for (const link of added) {
    if (merged.length >= maxAlertLinks) break;
    if (!merged.some((l) => l.href === link.href)) merged.push(link);
  }
  return merged.slice(0, maxAlertLinks);
}

/** A repeat `next` of the alert `first` shows: the latest title and severity, merged labels and links. */
export function mergeRepeat<S extends NormalizedSignal>(first: S, next: S): S {
  return {
    ...next,
    severity: next.severity ?? first.severity,
    labels: mergeLabels(first.labels, next.labels),
    links: mergeLinks(first.links, next.links),
  };
}
