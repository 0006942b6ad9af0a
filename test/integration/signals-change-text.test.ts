/** How the web timeline words a `change` entry (a PagerDuty change event on the service). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEntry } from '../../web/src/pages/incident/timeline-text.ts';

test('a change entry reads as a sentence with its source, time and links', () => {
  const d = describeEntry({
    id: 7,
    at: '2026-12-07T02:31:00.000Z',
    kind: 'change',
    actor: null,
    data: {
      changeId: '0193a0a0-0000-7000-8000-000000000000',
      summary: 'Deploy checkout v2.14.0',
      source: 'ci.example.com',
      occurredAt: null,
      links: [
        { href: 'https://ci.example.com/builds/4242', text: 'Build 4242' },
        { href: 'https://x.example/' },
      ],
      integration: 'Checkout deploys',
      service: 'Checkout',
    },
  });
  assert.deepEqual(d, {
    what: 'Change on Checkout: Deploy checkout v2.14.0',
    lines: ['Source: ci.example.com', 'Build 4242: https://ci.example.com/builds/4242', 'https://x.example/'],
    sentence: true,
  });
});
