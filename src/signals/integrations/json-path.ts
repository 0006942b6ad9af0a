/**
 * A deliberately tiny JSON path evaluator for the generic webhook mapping. It understands only
 * `$` (the root), `.name`, `['name']` / `["name"]`, `[0]`, and `[*]` (every element of an array,
 * allowed only where the caller says so: the mapping's `items`). No filters, no slices, no
 * recursive descent, no script: a path is parsed into segments once and walked over own
 * properties only, so a hostile path or payload can neither run code nor reach prototypes.
 *
 * A leading `$` may be left out: `alerts[*]` means `$.alerts[*]` and `[0]` means `$[0]` (a name that
 * itself starts with `$` then needs `$.` or `$['…']`).
 */

/** One step of a parsed path. */
export type PathSegment =
  { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

/** A value found by a path, with the concrete location it was found at (wildcards expanded). */
export interface PathMatch {
  value: unknown;
  segments: PathSegment[];
}

/** Why a path string was refused; `position` is the offending character offset. */
export class JsonPathError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'JsonPathError';
    this.position = position;
  }
}

/** Longest path accepted, in characters: mappings are configuration, not data. */
export const maxPathLength = 256;
/** Most steps a path may have. */
export const maxPathSegments = 32;

const identStart = /[A-Za-z_$]/;
const identPart = /[A-Za-z0-9_$-]/;

/** Parses `path`; throws JsonPathError on anything outside the supported syntax. */
export function parseJsonPath(path: string, options: { allowWildcard?: boolean } = {}): PathSegment[] {
  if (typeof path !== 'string') throw new JsonPathError('must be a string', 0);
  if (path.length === 0) throw new JsonPathError('must not be empty', 0);
  if (path.length > maxPathLength) throw new JsonPathError(`longer than ${maxPathLength} characters`, 0);
  const segments: PathSegment[] = [];
  let i = 0;
  if (path[0] === '$') {
    if (path.length > 1 && path[1] !== '.' && path[1] !== '[')
      throw new JsonPathError('expected `.` or `[` after `$`', 1);
    i = 1;
  } else if (/[A-Za-z_]/.test(path[0]!)) {
    i = -1; // an implicit `$.` before a bare name
  } else if (path[0] !== '[') {
    throw new JsonPathError('must start with `$`, a name or `[`', 0);
  }

  while (i < path.length) {
    const dot = i === -1 || path[i] === '.';
    if (dot) {
      const start = i + 1;
      if (start >= path.length || !identStart.test(path[start]!))
        throw new JsonPathError("expected a name after `.` (use ['…'] for other keys)", start);
      let end = start + 1;
      while (end < path.length && identPart.test(path[end]!)) end++;
      segments.push({ kind: 'key', name: path.slice(start, end) });
      i = end;
    } else if (path[i] === '[') {
      i = parseBracket(path, i, segments, options.allowWildcard === true);
    } else {
      throw new JsonPathError(`unexpected character \`${path[i]}\``, i);
    }
    if (segments.length > maxPathSegments) throw new JsonPathError(`more than ${maxPathSegments} steps`, i);
  }
  return segments;
}

/** Parses one `[…]` starting at `open`; returns the index after `]`. */
function parseBracket(path: string, open: number, out: PathSegment[], allowWildcard: boolean): number {
  const c = path[open + 1];
  if (c === '*') {
    if (path[open + 2] !== ']') throw new JsonPathError('expected `]` after `*`', open + 2);
    if (!allowWildcard) throw new JsonPathError('`[*]` is only allowed in `items`', open);
    out.push({ kind: 'wildcard' });
    return open + 3;
  }
  if (c === "'" || c === '"') {
    let name = '';
    let j = open + 2;
    for (; j < path.length && path[j] !== c; j++) {
      if (path[j] === '\\') {
        j++;
        if (path[j] !== c && path[j] !== '\\')
          throw new JsonPathError('only \\\\ and the quote may be escaped', j);
      }
      name += path[j];
    }
    if (j >= path.length) throw new JsonPathError('unterminated quoted name', open + 1);
    if (path[j + 1] !== ']') throw new JsonPathError('expected `]` after the quoted name', j + 1);
    out.push({ kind: 'key', name });
    return j + 2;
  }
  const m = /^(0|[1-9][0-9]{0,8})\]/.exec(path.slice(open + 1, open + 12));
  if (!m) throw new JsonPathError('expected an index, `*` or a quoted name inside `[]`', open + 1);
  out.push({ kind: 'index', index: Number(m[1]) });
  return open + 1 + m[0].length;
}

/** Whether the parsed path contains a wildcard. */
export function hasWildcard(segments: PathSegment[]): boolean {
  return segments.some((s) => s.kind === 'wildcard');
}

function step(value: unknown, s: PathSegment): unknown {
  if (s.kind === 'index') return Array.isArray(value) && s.index < value.length ? value[s.index] : undefined;
  if (s.kind === 'key') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.hasOwn(value, s.name) ? (value as Record<string, unknown>)[s.name] : undefined;
  }
  return undefined;
}

/** Every value `segments` reaches from `root`, with its concrete location; none for a miss. */
export function selectAll(root: unknown, segments: PathSegment[]): PathMatch[] {
  let current: PathMatch[] = [{ value: root, segments: [] }];
  for (const s of segments) {
    const next: PathMatch[] = [];
    for (const m of current) {
      if (s.kind === 'wildcard') {
        if (!Array.isArray(m.value)) continue;
        m.value.forEach((v, index) =>
          next.push({ value: v, segments: [...m.segments, { kind: 'index', index }] }),
        );
      } else {
        const v = step(m.value, s);
        if (v !== undefined) next.push({ value: v, segments: [...m.segments, s] });
      }
    }
    current = next;
  }
  return current;
}

/** The value at a wildcard-free path, or undefined when any step is missing. */
export function evaluate(root: unknown, segments: PathSegment[]): unknown {
  let value = root;
  for (const s of segments) {
    value = step(value, s);
    if (value === undefined) return undefined;
  }
  return value;
}

/** Parses and evaluates a wildcard-free path; undefined when missing. Throws JsonPathError on bad syntax. */
export function readPath(root: unknown, path: string): unknown {
  return evaluate(root, parseJsonPath(path));
}

/** Renders concrete segments as a field name under `prefix`, e.g. `body.alerts[3]['a b']`. */
export function formatPath(prefix: string, segments: PathSegment[]): string {
  let out = prefix;
  for (const s of segments) {
    if (s.kind === 'index') out += `[${s.index}]`;
    else if (s.kind === 'wildcard') out += '[*]';
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s.name)) out += `.${s.name}`;
    else out += `['${s.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return out;
}
