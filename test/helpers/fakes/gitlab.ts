/**
 * A stand-in for GitLab's REST API (Issues) on 127.0.0.1, checking the documented contract of
 * "New issue" (`POST /api/v4/projects/:id/issues`, `:id` the project's id or its URL-encoded path)
 * and "Single project issue" (`GET /api/v4/projects/:id/issues/:issue_iid`):
 * - the `PRIVATE-TOKEN` header; a wrong token answers 401 "401 Unauthorized" (a refusal);
 * - a JSON body with a non-empty string `title`, an optional string `description` and optional
 *   `labels`, a comma-separated string.
 * It answers 201 with `iid`, `web_url` and `state: "opened"`, as GitLab does. A breach answers 400
 * and is recorded.
 */
import { objectBody, startIssueServer, type FakeTracker } from './issue-server.ts';

/** The stand-in, for project `project` (its path, e.g. group/app) and `token`. */
export async function startFakeGitLab(opts: { project: string; token: string }): Promise<FakeTracker> {
  const base = `/api/v4/projects/${encodeURIComponent(opts.project)}/issues`;
  return startIssueServer(
    (req, { issues, bad }) => {
      const token = req.headers['private-token'];
      if (!token) return bad('no PRIVATE-TOKEN header');
      if (token !== opts.token) return { status: 401, body: { message: '401 Unauthorized' } };
      if (req.method === 'POST' && req.path === base) {
        const b = objectBody(req);
        if (typeof b === 'string') return bad(b);
        if (typeof b.title !== 'string' || !b.title) return bad('title is missing');
        if (b.description !== undefined && typeof b.description !== 'string')
          return bad('description must be a string');
        if (b.labels !== undefined && typeof b.labels !== 'string')
          return bad('labels must be a comma-separated string');
        const iid = issues.length + 1;
        issues.push({
          number: iid,
          title: b.title,
          body: b.description,
          labels: b.labels,
          state: 'open',
          headers: req.headers,
        });
        return {
          status: 201,
          body: {
            id: 5000 + iid,
            iid,
            title: b.title,
            state: 'opened',
            web_url: `https://gitlab.example/${opts.project}/-/issues/${iid}`,
          },
        };
      }
      const m = new RegExp(`^${base.replace(/[.%]/g, '\\$&')}/(\\d+)$`).exec(req.path);
      if (req.method === 'GET' && m) {
        const issue = issues.find((i) => i.number === Number(m[1]));
        if (!issue) return { status: 404, body: { message: '404 Not found' } };
        return {
          status: 200,
          body: { iid: issue.number, state: issue.state === 'open' ? 'opened' : 'closed' },
        };
      }
      return bad('no such endpoint');
    },
    (why) => ({ status: 400, body: { message: why } }),
  );
}
