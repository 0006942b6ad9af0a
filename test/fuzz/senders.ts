/** Who sends a request (a person by role, nobody, a made-up credential) and the headers besides the body's. */
import fc from 'fast-check';

/** Who sends a request: a person by role, nobody, or a made-up credential. */
export type Sender =
  { role: 'admin' | 'responder' | 'stakeholder' } | { none: true } | { header: string; value: string };

const junkCredentials: Sender[] = [
  { header: 'authorization', value: 'Bearer ' },
  { header: 'authorization', value: 'Bearer exp_not-a-token' },
  { header: 'authorization', value: 'Basic Zm9vOmJhcg==' },
  { header: 'authorization', value: `Bearer ${'x'.repeat(8000)}` },
  { header: 'cookie', value: 'expedite_session=%FF%00; expedite_session=x' },
];

/** Headers besides the body's: a request id, a proxy chain, what the client accepts; mostly none. */
export function extraHeaders(): fc.Arbitrary<Record<string, string>> {
  const header = fc.constantFrom<[string, string]>(
    ['x-request-id', 'x'.repeat(200)],
    ['x-request-id', '../../\u0000'],
    ['x-forwarded-for', 'not-an-ip, , 999.1.1.1'],
    ['x-forwarded-proto', 'gopher'],
    ['accept', 'text/event-stream'],
    ['accept', '*/*;q=abc'],
    ['accept-encoding', 'br;q=2, gzip;q=-1'],
    ['accept-language', 'x'.repeat(4000)],
    ['if-none-match', '"x", W/'],
    ['range', 'bytes=999999-0'],
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.array(header, { maxLength: 3 }).map((hs) => Object.fromEntries(hs)) },
  );
}

export function sender(): fc.Arbitrary<Sender> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant<Sender>({ role: 'admin' }) },
    { weight: 1, arbitrary: fc.constantFrom<Sender>({ role: 'responder' }, { role: 'stakeholder' }) },
    { weight: 2, arbitrary: fc.constant<Sender>({ none: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...junkCredentials) },
  );
}
