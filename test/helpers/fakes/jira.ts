/**
 * A stand-in for Jira Cloud's REST API v3 on 127.0.0.1, checking the documented contract of
 * "Create issue" (`POST /rest/api/3/issue`) and "Get issue" (`GET /rest/api/3/issue/{key}`):
 * - Basic auth with `email:api-token`; a wrong pair answers 401 (a refusal);
 * - a JSON body `{ fields: { project: { key }, summary, issuetype: { name }, description } }`: the
 *   summary a non-empty string of at most 255 characters, `description` a document in Atlassian
 *   Document Format (`{ type: "doc", version: 1, content: [...] }`, every node with a `type`, text
 *   nodes with non-empty `text`, link marks with an `href`), `labels` (optional) strings without
 *   spaces.
 * It answers 201 `{ id, key, self }`; a breach answers 400 `{ errorMessages, errors }` and is
 * recorded. The issue's state is its status category (`new` while open, `done` once closed).
 */
import { objectBody, startIssueServer, type FakeTracker } from './issue-server.ts';

/** Why an Atlassian Document Format node is not valid, or undefined. */
function adfProblem(node: unknown, path: string): string | undefined {
  if (typeof node !== 'object' || node === null) return `${path} is not a node`;
  const n = node as Record<string, unknown>;
  if (typeof n.type !== 'string') return `${path}.type is missing`;
  if (n.type === 'text') {
    if (typeof n.text !== 'string' || n.text === '') return `${path}.text must be a non-empty string`;
    if (n.marks !== undefined) {
      if (!Array.isArray(n.marks)) return `${path}.marks must be an array`;
      for (const m of n.marks as Record<string, unknown>[])
        if (m.type === 'link' && typeof (m.attrs as { href?: unknown } | undefined)?.href !== 'string')
          return `${path}.marks: a link needs attrs.href`;
    }
    return undefined;
  }
  if (n.content !== undefined) {
    if (!Array.isArray(n.content)) return `${path}.content must be an array`;
    for (const [i, c] of (n.content as unknown[]).entries()) {
      const p = adfProblem(c, `${path}.content[${i}]`);
      if (p) return p;
    }
  }
  return undefined;
}

/** The stand-in, for project key `project`, account `email` and `token`. */
export async function startFakeJira(opts: {
  project: string;
  email: string;
  token: string;
}): Promise<FakeTracker> {
  const expected = `Basic ${Buffer.from(`${opts.email}:${opts.token}`).toString('base64')}`;
  return startIssueServer(
    (req, { issues, bad }) => {
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Basic ')) return bad('no Basic authorization');
      if (auth !== expected) return { status: 401, body: { errorMessages: ['Unauthorized'] } };
      if (req.method === 'POST' && req.path === '/rest/api/3/issue') {
        const b = objectBody(req);
        if (typeof b === 'string') return bad(b);
        const f = b.fields as Record<string, unknown> | undefined;
        if (!f || typeof f !== 'object') return bad('fields is required');
        const project = f.project as { key?: unknown } | undefined;
        if (typeof project?.key !== 'string') return bad('fields.project.key is required');
        if (project.key !== opts.project)
          return { status: 400, body: { errors: { project: 'valid project is required' } } };
        if (typeof f.summary !== 'string' || !f.summary || f.summary.length > 255)
          return bad('fields.summary must be 1 to 255 characters');
        if (typeof (f.issuetype as { name?: unknown } | undefined)?.name !== 'string')
          return bad('fields.issuetype.name is required');
        const d = f.description as Record<string, unknown> | undefined;
        if (d !== undefined) {
          if (d.type !== 'doc' || d.version !== 1 || !Array.isArray(d.content))
            return bad('fields.description must be an Atlassian Document Format doc (type doc, version 1)');
          const p = adfProblem(d, 'fields.description');
          if (p) return bad(p);
        }
        if (
          f.labels !== undefined &&
          (!Array.isArray(f.labels) || f.labels.some((l) => typeof l !== 'string' || /\s/.test(l)))
        )
          return bad('fields.labels must be strings without spaces');
        const n = issues.length + 1;
        issues.push({
          number: n,
          title: f.summary,
          body: d,
          labels: f.labels,
          state: 'open',
          headers: req.headers,
        });
        const key = `${opts.project}-${n}`;
        return {
          status: 201,
          body: { id: String(10000 + n), key, self: `http://jira.example/rest/api/3/issue/${10000 + n}` },
        };
      }
      const m = new RegExp(`^/rest/api/3/issue/${opts.project}-(\\d+)(\\?.*)?$`).exec(req.path);
      if (req.method === 'GET' && m) {
        const issue = issues.find((i) => i.number === Number(m[1]));
        if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist'] } };
        const done = issue.state === 'closed';
        return {
          status: 200,
          body: {
            key: `${opts.project}-${issue.number}`,
            fields: {
              status: { name: done ? 'Done' : 'To Do', statusCategory: { key: done ? 'done' : 'new' } },
            },
          },
        };
      }
      return bad('no such endpoint');
    },
    (why) => ({ status: 400, body: { errorMessages: [why], errors: {} } }),
  );
}
