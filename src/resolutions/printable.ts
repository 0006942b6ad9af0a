/**
 * The printable page of a resolution report: its Markdown rendered on the server into a small HTML
 * page with print styles, no script at all (strict CSP: only its own inline style, by hash). The
 * reader prints it or saves it as PDF with the browser's Print command. Only what the report's
 * Markdown needs is rendered — headings, paragraphs, lists, bold and links — everything escaped.
 */
import { contentSecurityPolicy, inlineHash } from '../http/page-headers.ts';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1b1e; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid #dee2e6; padding-bottom: 0.25rem; }
.meta { color: #495057; margin: 0 0 1rem; }
.hint { background: #f1f3f5; border-radius: 6px; padding: 0.5rem 0.75rem; color: #343a40; }
ul { padding-left: 1.25rem; }
a { color: #1864ab; overflow-wrap: anywhere; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .hint { display: none; }
  h2 { break-after: avoid; }
  li, p { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 18mm; }
`;

/** The policy of the printable page: nothing loads and nothing runs, only its own style. */
export const PRINTABLE_POLICY = contentSecurityPolicy({ 'style-src': [inlineHash(STYLE)] });

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One line of Markdown text: escaped, with **bold** and http(s) addresses as links. */
function inline(text: string): string {
  return escape(text)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

/** The body HTML of a report's Markdown. */
export function markdownHtml(md: string): string {
  const out: string[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${para.map(inline).join('<br>')}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
    para = [];
    list = [];
  };
  for (const raw of md.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else if (item) {
      if (para.length) flush();
      list.push(item[1]!);
    } else if (!line.trim()) flush();
    else {
      if (list.length) flush();
      para.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/** The whole printable page of one version of a report. */
export function printablePage(r: {
  title: string;
  version: 'technical' | 'plain';
  markdown: string;
  at: Date;
}): string {
  const body = markdownHtml(r.markdown);
  const what = r.version === 'technical' ? 'Technical version, for the team' : 'For stakeholders and clients';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(r.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="hint">Print / save as PDF: use your browser's Print command (Ctrl+P, or ⌘P on a Mac) and choose "Save as PDF" as the printer.</p>
<p class="meta">${escape(what)} · ${escape(r.at.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
${body}
</main>
</body>
</html>
`;
}
