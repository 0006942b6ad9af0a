// Reordering the lists people arrange by hand: rotations, escalation levels, tiers, rules.

/** Moves item `i` of `list` by `by` places (a new array); at either end the order stays. */
export function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
