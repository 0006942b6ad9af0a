// A hotfix's merge back in words: "main ✓, develop ✗" (✓ merged back, ✗ missing, ? not told).
import type { Hotfix } from '../api/types.ts';

const marks = { merged: '✓', missing: '✗', unknown: '?' } as const;
const states = { merged: 'merged back', missing: 'not merged back', unknown: 'not known' } as const;

/** "main ✓, develop ✗", or that it was not checked yet. */
export function mergedBackWords(h: Pick<Hotfix, 'branches'>): string {
  if (h.branches.length === 0) return 'not checked yet';
  return h.branches.map((b) => `${b.branch} ${marks[b.state]}`).join(', ');
}

/** The same for a screen reader: "main merged back, develop not merged back". */
export function mergedBackLabel(h: Pick<Hotfix, 'branches'>): string {
  if (h.branches.length === 0) return 'Merged back: not checked yet';
  return `Merged back: ${h.branches.map((b) => `${b.branch} ${states[b.state]}`).join(', ')}`;
}

/** What a check said of a branch beyond its mark: "develop: The same change, cherry-picked: 3f2c9e1a7b". */
export function branchNotes(h: Pick<Hotfix, 'branches'>): string[] {
  return h.branches.flatMap((b) => (b.detail ? [`${b.branch}: ${b.detail}`] : []));
}

/** A commit as people read it: its first 10 characters. */
export const shortSha = (sha: string) => sha.slice(0, 10);
