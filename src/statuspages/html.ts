/**
 * The public status page as HTML: no JavaScript, every value escaped, one inline stylesheet allowed
 * by its hash (STATUS_PAGE_POLICY). Overall status, current incidents with their updates,
 * maintenance, components by group with a 90-day bar each, past incidents, and the subscribe form.
 * Readable on a phone; follows the device's light or dark mode.
 */
import { escapeHtml as esc } from '../decisions/page.ts';
import { contentSecurityPolicy, inlineHash } from '../http/page-headers.ts';
import type { ComponentState } from './schema.ts';
import type { ComponentView, IncidentView, MaintenanceView, PageView } from './view.ts';

const STYLE =
  ':root{color-scheme:light dark;--fg:#1a1b1e;--bg:#fff;--muted:#5c5f66;--line:#ced4da;--card:#f8f9fa;--accent:#1864ab;' +
  '--ok:#2b8a3e;--deg:#e67700;--part:#d9480f;--major:#c92a2a;--maint:#1971c2;--none:#ced4da;' +
  '--t-ok:#24713a;--t-deg:#8f4a00;--t-part:#a8380b;--t-major:#a61e1e;--t-maint:#1864ab;--on-accent:#fff}' +
  '@media (prefers-color-scheme:dark){:root{--fg:#e9ecef;--bg:#1a1b1e;--muted:#a6a7ab;--line:#373a40;--card:#25262b;--accent:#74c0fc;' +
  '--ok:#51cf66;--deg:#fcc419;--part:#ff922b;--major:#ff6b6b;--maint:#74c0fc;--none:#373a40;' +
  '--t-ok:#51cf66;--t-deg:#fcc419;--t-part:#ff922b;--t-major:#ff8787;--t-maint:#74c0fc;--on-accent:#1a1b1e}}' +
  'body{font-family:system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:48rem;margin:0 auto;padding:1rem;line-height:1.5}' +
  'h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:.2rem 0}' +
  'section.card,.overall{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}' +
  '.overall{font-size:1.2rem;font-weight:600;border-left:.5rem solid var(--ok)}.overall.minor{border-left-color:var(--deg)}' +
  '.overall.major{border-left-color:var(--part)}.overall.critical{border-left-color:var(--major)}.overall.maintenance{border-left-color:var(--maint)}' +
  '.muted,time{color:var(--muted)}.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}' +
  '.s-operational{color:var(--t-ok)}.s-degraded_performance{color:var(--t-deg)}.s-partial_outage{color:var(--t-part)}' +
  '.s-major_outage{color:var(--t-major)}.s-under_maintenance{color:var(--t-maint)}' +
  '.bar{display:flex;gap:1px;height:1.6rem;margin:.3rem 0}.bar span{flex:1;border-radius:1px;background:var(--ok)}' +
  '.bar .degraded_performance{background:var(--deg)}.bar .partial_outage{background:var(--part)}' +
  '.bar .major_outage{background:var(--major)}.bar .under_maintenance{background:var(--maint)}' +
  '.update{margin:.4rem 0 .4rem .5rem;padding-left:.6rem;border-left:2px solid var(--line)}.update p{margin:.1rem 0;white-space:pre-wrap}' +
  'a{color:var(--accent)}input[type=email],input[type=url]{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;' +
  'border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}button{font:inherit;padding:.5rem 1rem;' +
  'border-radius:.4rem;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent);margin-top:.5rem}' +
  'fieldset{border:1px solid var(--line);border-radius:.4rem}footer{margin-top:2rem;font-size:.9rem}';

/** The CSP of status pages: the one stylesheet, nothing else (no script of any kind). */
export const STATUS_PAGE_POLICY = contentSecurityPolicy({ 'style-src': [inlineHash(STYLE)] });

export const stateWords: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

const time = (t: string | Date) => {
  const s = new Date(t).toISOString();
  return `<time datetime="${s}">${s.slice(0, 16).replace('T', ' ')} UTC</time>`;
};

/** A whole page: `title` (plain text), `body` (HTML). */
export function statusDocument(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`
  );
}

function incidentHtml(i: IncidentView): string {
  const updates = [...i.updates]
    .reverse()
    .map(
      (u) =>
        `<div class="update"><p><strong>${esc(u.status[0]!.toUpperCase() + u.status.slice(1))}</strong> — ${esc(u.body)}</p>${time(u.published_at)}</div>`,
    )
    .join('');
  return `<section class="card" id="incident-${esc(i.id)}"><h3>${esc(i.title)}</h3><p class="muted">Impact: ${esc(i.impact)}</p>${updates}</section>`;
}

function maintenanceHtml(v: PageView, m: MaintenanceView): string {
  const names = v.components.filter((c) => m.component_ids.includes(c.id)).map((c) => esc(c.name));
  return (
    `<section class="card" id="maintenance-${esc(m.id)}"><h3>${esc(m.title)}</h3>` +
    `<p>${m.status === 'in_progress' ? 'In progress' : 'Scheduled'}: ${time(m.starts_at)} to ${time(m.ends_at)}</p>` +
    (m.body ? `<p>${esc(m.body)}</p>` : '') +
    (names.length ? `<p class="muted">Affects: ${names.join(', ')}</p>` : '') +
    '</section>'
  );
}

function componentHtml(c: ComponentView): string {
  const days = c.days
    .map((d) => `<span class="${d.state}" title="${d.date}: ${stateWords[d.state]}"></span>`)
    .join('');
  return (
    `<div class="component"><div class="row"><h3>${esc(c.name)}</h3>` +
    `<span class="s-${c.state}">${stateWords[c.state]}</span></div>` +
    (c.description ? `<p class="muted">${esc(c.description)}</p>` : '') +
    `<div class="bar" role="img" aria-label="${esc(c.name)}: the last 90 days">${days}</div>` +
    `<div class="row muted"><span>90 days ago</span><span>${(c.uptime * 100).toFixed(2)}% uptime</span><span>Today</span></div></div>`
  );
}

/** The status page of `v`; `base` is the path its links start with ('' on a custom host). */
export function statusPageHtml(v: PageView, base: string): string {
  const current = v.incidents.filter((i) => i.status !== 'resolved');
  const past = v.incidents.filter((i) => i.status === 'resolved');
  const maint = v.maintenances.filter((m) => m.status !== 'completed');
  const grouped = [
    ...v.groups.map((g) => ({ name: g.name, items: v.components.filter((c) => c.group_id === g.id) })),
    {
      name: '',
      items: v.components.filter((c) => !c.group_id || !v.groups.some((g) => g.id === c.group_id)),
    },
  ].filter((g) => g.items.length);
  const choices = v.components
    .map(
      (c) =>
        `<label><input type="checkbox" name="component" value="${esc(c.id)}"> ${esc(c.name)}</label><br>`,
    )
    .join('');
  return statusDocument(
    v.page.name,
    `<header><h1>${esc(v.page.name)}</h1></header><main>` +
      `<p class="overall ${v.overall.indicator}">${esc(v.overall.description)}</p>` +
      (current.length ? `<h2>Current incidents</h2>${current.map(incidentHtml).join('')}` : '') +
      (maint.length
        ? `<h2>Scheduled maintenance</h2>${maint.map((m) => maintenanceHtml(v, m)).join('')}`
        : '') +
      `<h2>Components</h2>` +
      grouped
        .map(
          (g) =>
            `<section class="card">${g.name ? `<h2>${esc(g.name)}</h2>` : ''}${g.items.map(componentHtml).join('')}</section>`,
        )
        .join('') +
      `<h2>Past incidents</h2>` +
      (past.length
        ? past.map(incidentHtml).join('')
        : '<p class="muted">No incidents in the last 90 days.</p>') +
      `<h2 id="subscribe">Get updates</h2><section class="card"><form method="post" action="${base}/subscribe">` +
      `<label for="email">Email address</label><input id="email" type="email" name="email" required maxlength="254">` +
      (choices ? `<fieldset><legend>Components (none chosen: all)</legend>${choices}</fieldset>` : '') +
      `<button type="submit">Subscribe</button></form>` +
      `<p class="muted">Or follow the <a href="${base}/history.rss">RSS</a> or <a href="${base}/history.atom">Atom</a> feed.</p></section>` +
      `</main><footer class="muted">Updated ${time(v.updatedAt)}</footer>`,
  );
}

/** A page of one message, in the status page's style. */
export function statusMessageHtml(title: string, text: string, back: string): string {
  return statusDocument(
    title,
    `<h1>${esc(title)}</h1><p>${esc(text)}</p><p><a href="${esc(back || '/')}">Back to the status page</a></p>`,
  );
}
