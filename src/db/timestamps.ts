/**
 * A fast reader for `timestamptz` values in PostgreSQL's text output (ISO DateStyle), which every
 * query returns by the dozen: `2026-03-01 09:00:00.123456+00`, `… +05:30`, `… -03:30:45`. It reads
 * the digits directly instead of through regular expressions (a list page of 50 incidents holds
 * 200 of them). Anything else (BC dates, infinity, years before 100, five-digit years) goes to
 * `fallback`, the driver's own parser. Fractions beyond milliseconds are cut, as Date holds no more.
 */

const ZERO = 48;

/** The number in s[from, to), or -1 when a character there is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Parses `s`; `fallback` handles what the fast path does not. */
export function parseTimestamptz(s: string, fallback: (s: string) => unknown): unknown {
  // YYYY-MM-DD HH:MM:SS at fixed places.
  if (
    s.length < 22 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 32 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return fallback(s);
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (year < 100 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return fallback(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let places = 0;
    for (let d = s.charCodeAt(i) - ZERO; d >= 0 && d <= 9; d = s.charCodeAt(i) - ZERO) {
      if (places < 3) ms = ms * 10 + d;
      places++;
      i++;
    }
    if (places === 0) return fallback(s);
    for (; places < 3; places++) ms *= 10;
  }
  // The offset: +HH, +HH:MM or +HH:MM:SS, and nothing after it.
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return fallback(s);
  const parts = [digits(s, i + 1, i + 3), 0, 0];
  let end = i + 3;
  for (let p = 1; p < 3 && s.charCodeAt(end) === 58; p++, end += 3) parts[p] = digits(s, end + 1, end + 3);
  if (end !== s.length || parts.some((n) => n < 0)) return fallback(s);
  const offsetMs = (parts[0]! * 3600 + parts[1]! * 60 + parts[2]!) * 1000 * (sign === 43 ? 1 : -1);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
}
