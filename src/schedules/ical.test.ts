import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeText, foldLine, icalFeed, icalUtc, type IcalOptions } from './ical.ts';
import { shifts } from './on-call.ts';
import type { Schedule } from './schema.ts';

/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab joins two physical lines. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');
const octets = (s: string) => new TextEncoder().encode(s).length;

/** Splits a content line into name (with parameters) and value at the first ':' outside quotes. */
function property(line: string): [string, string] {
  const i = line.indexOf(':');
  return [line.slice(0, i), line.slice(i + 1)];
}

/** Checks the physical format and nesting, and returns the components with their properties. */
function parse(text: string): { name: string; props: Map<string, string[]> }[] {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.ok(!/[^\r]\n|\r[^\n]/.test(text), 'only CRLF line endings');
  for (const physical of text.slice(0, -2).split('\r\n')) assert.ok(octets(physical) <= 75, physical);
  const components: { name: string; props: Map<string, string[]> }[] = [];
  const stack: { name: string; props: Map<string, string[]> }[] = [];
  for (const line of unfold(text.slice(0, -2))) {
    const [name, value] = property(line);
    assert.match(name, /^[A-Z0-9-]+(;[A-Z0-9-]+=[^;:]*)*$/, line);
    if (name === 'BEGIN') stack.push({ name: value, props: new Map() });
    else if (name === 'END') {
      const c = stack.pop();
      assert.equal(c?.name, value, 'END matches BEGIN');
      components.push(c);
    } else {
      const props = stack.at(-1)!.props;
      props.set(name, [...(props.get(name) ?? []), value]);
    }
  }
  assert.equal(stack.length, 0, 'every BEGIN has an END');
  assert.equal(components.at(-1)?.name, 'VCALENDAR');
  return components;
}

const opts: IcalOptions = {
  prodId: '-//Expedite//On-call//EN',
  calendarName: 'Ann – on call',
  now: new Date('2026-03-01T12:34:56.789Z'),
  scheduleId: 'payments',
  scheduleName: 'Payments, EU; primary',
  layerNames: { day: 'Business day' },
};
const schedule: Schedule = {
  timeZone: 'Europe/Amsterdam',
  layers: [
    {
      id: 'day',
      name: 'Business day',
      users: ['ann', 'bob'],
      rotation: { kind: 'weekly' },
      handoffTime: '09:00',
      start: '2026-03-02',
    },
  ],
  overrides: [{ userId: 'ann', start: '2026-03-10T08:00:00Z', end: '2026-03-10T20:00:00Z' }],
};

test('the feed is a well-formed VCALENDAR with the required properties', () => {
  const all = shifts(schedule, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
  const mine = all.filter((s) => s.userId === 'ann');
  const text = icalFeed('Ann', mine, opts);
  const components = parse(text);
  const calendar = components.at(-1)!;
  assert.deepEqual(calendar.props.get('VERSION'), ['2.0']);
  assert.deepEqual(calendar.props.get('PRODID'), ['-//Expedite//On-call//EN']);
  assert.deepEqual(calendar.props.get('X-WR-CALNAME'), ['Ann – on call']);
  const events = components.filter((c) => c.name === 'VEVENT');
  assert.equal(events.length, mine.length);
  for (const [i, e] of events.entries()) {
    for (const required of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY'])
      assert.equal(e.props.get(required)?.length, 1, required);
    assert.deepEqual(e.props.get('DTSTAMP'), ['20260301T123456Z']);
    assert.match(e.props.get('DTSTART')![0]!, /^\d{8}T\d{6}Z$/);
    assert.deepEqual(e.props.get('DTSTART'), [icalUtc(mine[i]!.start)]);
    assert.deepEqual(e.props.get('DTEND'), [icalUtc(mine[i]!.end)]);
    assert.deepEqual(e.props.get('SUMMARY'), ['Ann on call – Payments\\, EU\\; primary']);
  }
  assert.deepEqual(
    events.map((e) => [e.props.get('DTSTART')![0], e.props.get('DESCRIPTION')![0]]),
    [
      ['20260302T080000Z', 'Ann is on call (layer Business day).'],
      ['20260310T080000Z', 'Ann is on call (an override).'],
      ['20260316T080000Z', 'Ann is on call (layer Business day).'],
      ['20260330T070000Z', 'Ann is on call (layer Business day).'],
    ],
  );
  const uids = events.map((e) => e.props.get('UID')![0]!);
  assert.equal(new Set(uids).size, uids.length);
  assert.equal(uids[0], 'payments-ann-20260302T080000Z@expedite');
});

test('UIDs are stable across regenerations; only DTSTAMP changes', () => {
  const mine = shifts(schedule, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z')).filter(
    (s) => s.userId === 'ann',
  );
  const a = icalFeed('Ann', mine, opts);
  const b = icalFeed('Ann', [...mine].reverse(), { ...opts, now: new Date('2026-03-05T00:00:00Z') });
  const uids = (t: string) => unfold(t).filter((l) => l.startsWith('UID:'));
  assert.deepEqual(uids(a), uids(b));
  assert.equal(a.replace(/DTSTAMP:\w+/g, ''), b.replace(/DTSTAMP:\w+/g, ''));
  const odd = icalFeed('Ann', [{ ...mine[0]!, userId: 'ann@example.com/x y' }], {
    ...opts,
    scheduleId: 'a b',
  });
  assert.ok(unfold(odd).includes('UID:a%20b-ann%40example.com%2Fx%20y-20260302T080000Z@expedite'));
  const empty = parse(icalFeed('Ann', [], opts));
  assert.equal(empty.length, 1);
});

test('TEXT escaping and long, multi-byte names', () => {
  assert.equal(escapeText('a,b;c\\d\ne\r\nf\u0007'), 'a\\,b\\;c\\\\d\\ne\\nf');
  const name = "Zoë 🚒 O'Brien, “night owl”; ".repeat(6);
  const text = icalFeed(
    name,
    [{ userId: 'zoe', start: new Date(0), end: new Date(3_600_000), layerId: 'override' }],
    {
      ...opts,
      calendarName: name,
    },
  );
  const lines = unfold(text);
  assert.ok(lines.includes(`X-WR-CALNAME:${escapeText(name)}`));
  assert.ok(lines.includes(`DESCRIPTION:${escapeText(`${name} is on call (an override).`)}`));
  parse(text);
  assert.ok(!text.includes('\uFFFD'));
});

test('property: folding keeps lines within 75 octets and unfolds to the original', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
      const value = `DESCRIPTION:${escapeText(s)}`;
      const folded = foldLine(value);
      for (const physical of folded.split('\r\n')) assert.ok(octets(physical) <= 75);
      assert.ok(
        folded
          .split('\r\n')
          .slice(1)
          .every((l) => l.startsWith(' ') && l.length > 1),
      );
      assert.equal(unfold(folded)[0], value);
      assert.equal(unfold(folded).length, 1);
    }),
    { numRuns: 1000 },
  );
  assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
  assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  assert.equal(foldLine(`${'x'.repeat(74)}é`), `${'x'.repeat(74)}\r\n é`); // é is 2 octets
});
