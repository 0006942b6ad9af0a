/**
 * The first-run setup page behind the link printed in the log: a plain server-rendered form that
 * creates the first admin through POST /api/v1/auth/setup. It works without the web app build.
 */
import type { FastifyInstance } from 'fastify';
import { contentSecurityPolicy, inlineHash, pageHeaders } from './page-headers.ts';

const style = `body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit}
#msg{margin-top:1rem}`;

const script = `
const f = document.getElementById('f'), msg = document.getElementById('msg');
f.addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = new URLSearchParams(location.search).get('token') || '';
  const body = Object.fromEntries(new FormData(f)); body.token = token;
  const res = await fetch('/api/v1/auth/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json();
  msg.textContent = res.ok ? 'Done: you are signed in as ' + data.user.email + '.' : data.error.message;
  if (res.ok) { f.hidden = true; setTimeout(() => { location.href = '/'; }, 800); }
});
`;

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Expedite</title>
<style>${style}</style></head>
<body><main><h1>Set up Expedite</h1><p>Create the first administrator.</p>
<form id="f"><label for="name">Name</label><input id="name" name="name" required autocomplete="name">
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="email">
<label for="password">Password (at least 8 characters)</label>
<input id="password" name="password" type="password" minlength="8" required autocomplete="new-password">
<button type="submit">Create administrator</button></form><p id="msg" role="status"></p></main>
<script>${script}</script></body></html>`;

// Only this page's own inline style and script run; it talks to its own origin only.
const policy = contentSecurityPolicy({
  'style-src': [inlineHash(style)],
  'script-src': [inlineHash(script)],
  'connect-src': ["'self'"],
});

export async function setupPage(app: FastifyInstance) {
  app.get('/setup', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    pageHeaders(reply, policy)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page),
  );
}
