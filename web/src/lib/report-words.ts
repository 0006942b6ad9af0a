// Words shared by the support report form and the incident room: the checklist an agent goes
// through before reporting, and file sizes.
import type { SupportChecklist } from '../api/types.ts';

/** The checklist's items: the question on the form, and what a tick or no tick means in a report. */
export const checklistItems: { key: keyof SupportChecklist; label: string; yes: string; no: string }[] = [
  {
    key: 'procedureVerified',
    label: 'I checked the procedure: this is a bug, not a question of how to use the product',
    yes: 'Procedure checked: it is a bug',
    no: 'Procedure not checked',
  },
  { key: 'cacheCleared', label: 'Cleared the browser cache', yes: 'Cache cleared', no: 'Cache not cleared' },
  {
    key: 'incognito',
    label: 'Tried in a private (incognito) window',
    yes: 'Tried in a private window',
    no: 'Not tried in a private window',
  },
  {
    key: 'otherBrowser',
    label: 'Tried in another browser',
    yes: 'Tried in another browser',
    no: 'Not tried in another browser',
  },
];

/** "512 B", "3.4 KB", "12 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 })} ${units[u]}`;
}
