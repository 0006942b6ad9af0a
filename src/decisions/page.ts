/**
 * The small answer page behind a question's links: the incident, the three answers as buttons and
 * a reason to give. Opening a link changes nothing (mail scanners open links); only posting the
 * form answers. Styled inline, following the device's light or dark mode.
 */
import { answers, type Answer } from './schema.ts';

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  ':root{color-scheme:light dark;--fg:#1a1b1e;--bg:#fff;--muted:#5c5f66;--line:#ced4da;--accent:#1864ab}' +
  '@media (prefers-color-scheme:dark){:root{--fg:#e9ecef;--bg:#1a1b1e;--muted:#a6a7ab;--line:#373a40;--accent:#74c0fc}}' +
  'body{font-family:system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:34rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'p.muted{color:var(--muted)}textarea{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}' +
  '.answers{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}button{font:inherit;font-size:1.1rem;padding:.7rem 1.2rem;border-radius:.4rem;border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer}' +
  'button.chosen{background:var(--accent);border-color:var(--accent);color:#fff}a{color:var(--accent)}';

/** A whole page: `title` (plain text) and `body` (HTML). */
export function decisionPage(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)} · Expedite</title><style>${STYLE}</style><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  );
}

/** A page of one sentence, with a link to the incident when given. */
export function decisionMessagePage(title: string, text: string, incidentUrl?: string): string {
  return decisionPage(
    title,
    `<p>${escapeHtml(text)}</p>` +
      (incidentUrl ? `<p><a href="${escapeHtml(incidentUrl)}">Open the incident</a></p>` : ''),
  );
}

const labels: Record<Answer, string> = {
  expedite: 'Expedite (page now)',
  backlog: 'Backlog',
  decline: 'Decline (close)',
};

/** The question: tagline, title, a reason field and one button per answer (`chosen` stands out). */
export function questionPage(i: { number: number; tagline: string; title: string }, chosen?: Answer): string {
  return decisionPage(
    `#${i.number} needs your decision`,
    `<p><strong>${escapeHtml(i.tagline)}</strong></p><p class="muted">${escapeHtml(i.title)}</p>` +
      `<form method="post"><label for="reason">Reason (for the timeline)</label>` +
      `<textarea id="reason" name="reason" rows="3" required autofocus maxlength="2000"></textarea>` +
      `<div class="answers">${answers
        .map(
          (a) =>
            `<button name="answer" value="${a}"${a === chosen ? ' class="chosen"' : ''}>${labels[a]}</button>`,
        )
        .join('')}</div></form>`,
  );
}
