/**
 * The small server-rendered pages behind the acknowledgement link in every message: a page that
 * asks to confirm (so mail scanners that open links acknowledge nothing) and the answers after,
 * each linking to the incident room. Read on a phone in the dark: large targets, and the device's
 * light or dark scheme. The one stylesheet is inline and allowed by its hash, nothing else loads.
 */
import { contentSecurityPolicy, inlineHash } from '../http/page-headers.ts';

/** Light by default, dark when the device asks; buttons 3rem high for a thumb. */
const CSS =
  ':root{color-scheme:light dark;--bg:#f8f9fa;--card:#fff;--text:#1a1b1e;--muted:#495057;--line:#dee2e6;' +
  '--accent:#c92a2a;--accent-text:#fff;--link:#1864ab}' +
  '@media (prefers-color-scheme:dark){:root{--bg:#141517;--card:#1f2023;--text:#e9ecef;--muted:#adb5bd;' +
  '--line:#373a40;--accent:#ff8787;--accent-text:#141517;--link:#74c0fc}}' +
  '*{box-sizing:border-box}' +
  'body{margin:0;min-height:100vh;background:var(--bg);color:var(--text);' +
  'font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  'main{max-width:30rem;margin:0 auto;padding:1.5rem 1rem}' +
  '.brand{font-weight:700;color:var(--muted);margin:0 0 1rem}' +
  '.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.25rem}' +
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}' +
  '.tagline{font-size:1.125rem;margin:0 0 1.25rem;overflow-wrap:anywhere}' +
  '.muted{color:var(--muted)}' +
  'form{margin:0}' +
  '.button{display:block;width:100%;min-height:3rem;padding:.75rem 1rem;border-radius:.5rem;border:0;' +
  'font:inherit;font-size:1.25rem;font-weight:700;text-align:center;text-decoration:none;cursor:pointer}' +
  '.primary{background:var(--accent);color:var(--accent-text)}' +
  '.secondary{margin-top:.75rem;background:transparent;color:var(--link);border:2px solid var(--line)}' +
  '.button:focus-visible{outline:3px solid var(--link);outline-offset:2px}';

/** The policy of these pages: the default strict page policy plus exactly this stylesheet. */
export const ACK_PAGE_POLICY = contentSecurityPolicy({ 'style-src': [inlineHash(CSS)] });

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A whole page: `title` (trusted text) and `body` (HTML). */
export function ackPage(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="color-scheme" content="light dark">' +
    `<title>${title} · Expedite</title><style>${CSS}</style></head>` +
    `<body><main><p class="brand">Expedite</p><div class="card"><h1>${title}</h1>${body}</div></main></body></html>`
  );
}

/** The link to the incident room of incident `number`. */
function roomLink(number: number, primary: boolean): string {
  return `<a class="button ${primary ? 'primary' : 'secondary'}" href="/incidents/${number}">Open incident #${number}</a>`;
}

/** A page of one sentence of plain text, with the incident room's link when the incident is known. */
export function ackMessagePage(title: string, text: string, incidentNumber?: number): string {
  const link = incidentNumber === undefined ? '' : roomLink(incidentNumber, true);
  return ackPage(title, `<p class="tagline">${escapeHtml(text)}</p>${link}`);
}

/**
 * The confirmation page: the incident's tagline and, while it pages, the button that acknowledges;
 * the room is one tap away either way.
 */
export function ackConfirmPage(e: { number: number; tagline: string; state: string }): string {
  const active = e.state === 'active';
  return ackPage(
    `Incident #${e.number}`,
    `<p class="tagline">${escapeHtml(e.tagline)}</p>` +
      (active
        ? '<form method="post"><button class="button primary">Acknowledge</button></form>'
        : `<p class="muted">This page is ${escapeHtml(e.state)}.</p>`) +
      roomLink(e.number, !active),
  );
}
