/**
 * The small server-rendered pages behind the acknowledgement link in every message: a page that
 * asks to confirm (so mail scanners that open links acknowledge nothing) and the answers after.
 */

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A whole page: `title` (trusted text) and `body` (HTML). */
export function ackPage(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title} · Expedite</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem">` +
    `<h1>${title}</h1>${body}</body></html>`
  );
}

/** A page of one sentence of plain text. */
export function ackMessagePage(title: string, text: string): string {
  return ackPage(title, `<p>${escapeHtml(text)}</p>`);
}

/** The confirmation page: the incident's tagline and, while it pages, the button that acknowledges. */
export function ackConfirmPage(e: { number: number; tagline: string; state: string }): string {
  return ackPage(
    `#${e.number}`,
    `<p>${escapeHtml(e.tagline)}</p>` +
      (e.state === 'active'
        ? `<form method="post"><button style="font-size:1.25rem;padding:.75rem 1.5rem">Acknowledge</button></form>`
        : `<p>This page is ${escapeHtml(e.state)}.</p>`),
  );
}
