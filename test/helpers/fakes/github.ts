/**
 * A stand-in for GitHub's REST API (Issues) on 127.0.0.1, checking the documented contract of
 * "Create an issue" (`POST /repos/{owner}/{repo}/issues`) and "Get an issue"
 * (`GET /repos/{owner}/{repo}/issues/{issue_number}`):
 * - `Authorization: Bearer <token>` (or the older `token <token>`); a wrong token answers 401
 *   "Bad credentials" (a refusal, not a breach);
 * - `Accept: application/vnd.github+json`, `X-GitHub-Api-Version: 2022-11-28`, and a `User-Agent`
 *   (GitHub refuses requests without one);
 * - a JSON body (`Content-Type: application/json`) with a non-empty string `title`, an optional
 *   string `body` and an optional array of strings `labels`.
 * It answers 201 with `number`, `html_url` and `state: "open"`, as GitHub does. A breach answers
 * 422 (400 for a body that is not JSON) and is recorded.
 */
import { objectBody, startIssueServer, type FakeRequest, type FakeTracker } from './issue-server.ts';

/** The stand-in, for repository `repo` (owner/name) and `token`. */
export async function startFakeGitHub(opts: { repo: string; token: string }): Promise<FakeTracker> {
  const base = `/repos/${opts.repo}/issues`;
  const headerProblem = (req: FakeRequest): string | undefined => {
    const h = req.headers;
    if (h.accept !== 'application/vnd.github+json') return `Accept is "${h.accept ?? ''}"`;
    if (h['x-github-api-version'] !== '2022-11-28')
      return `X-GitHub-Api-Version is "${String(h['x-github-api-version'] ?? '')}"`;
    if (!h['user-agent']) return 'no User-Agent';
    if (!/^(Bearer|token) \S+$/.test(h.authorization ?? '')) return 'no Bearer token';
    return undefined;
  };
  return startIssueServer(
    (req, { issues, bad }) => {
      const problem = headerProblem(req);
      if (problem) return bad(problem);
      if (!(req.headers.authorization ?? '').endsWith(` ${opts.token}`))
        return { status: 401, body: { message: 'Bad credentials' } };
      if (req.method === 'POST' && req.path === base) {
        const b = objectBody(req);
        if (typeof b === 'string') return bad(b);
        if (typeof b.title !== 'string' || !b.title) return bad('title is required');
        if (b.body !== undefined && typeof b.body !== 'string') return bad('body must be a string');
        if (
          b.labels !== undefined &&
          (!Array.isArray(b.labels) || b.labels.some((l) => typeof l !== 'string'))
        )
          return bad('labels must be an array of strings');
        const number = issues.length + 1;
        issues.push({
          number,
          title: b.title,
          body: b.body,
          labels: b.labels,
          state: 'open',
          headers: req.headers,
        });
        return {
          status: 201,
          body: {
            id: 1000 + number,
            number,
            title: b.title,
            state: 'open',
            html_url: `https://github.com/${opts.repo}/issues/${number}`,
          },
        };
      }
      const m = new RegExp(`^${base}/(\\d+)$`).exec(req.path);
      if (req.method === 'GET' && m) {
        const issue = issues.find((i) => i.number === Number(m[1]));
        if (!issue) return { status: 404, body: { message: 'Not Found' } };
        return { status: 200, body: { number: issue.number, state: issue.state, title: issue.title } };
      }
      return bad('no such endpoint');
    },
    (why) => ({ status: 422, body: { message: 'Validation Failed', errors: [{ message: why }] } }),
  );
}
