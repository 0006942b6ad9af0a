/**
 * Stand-ins for GitHub's and GitLab's REST APIs on 127.0.0.1 (random port), as far as hotfix checks
 * use them, each holding a tiny history: every branch with the commits it holds, oldest first (the
 * last is its tip). Every request is checked against the vendor's documented contract, and a
 * breach is answered as the vendor would and recorded in `violations`:
 * - GitHub (docs.github.com/rest): GET only; `Authorization: Bearer <token>` (else 401 "Bad
 *   credentials"); `Accept: application/vnd.github+json`; `X-GitHub-Api-Version: 2022-11-28`; a
 *   `User-Agent` (GitHub refuses requests without one). `GET /repos/{owner}/{repo}/branches` lists
 *   `{ name, commit: { sha, url }, protected }`; `GET /repos/{owner}/{repo}/compare/{base}...{head}`
 *   answers `status` `identical` | `behind` | `ahead` | `diverged` (with ahead_by, behind_by,
 *   total_commits), 404 "Not Found" for an unknown commit or branch.
 * - GitLab (docs.gitlab.com/api): GET only; `PRIVATE-TOKEN: <token>` (else 401 "401 Unauthorized");
 *   the project id (or its URL-encoded path) in `/api/v4/projects/:id`.
 *   `GET …/repository/branches` lists `{ name, commit: { id }, merged, protected, default }`;
 *   `GET …/repository/commits/:sha/refs?type=branch` lists `{ type: 'branch', name }` of the
 *   branches holding the commit, 404 "404 Commit Not Found" for an unknown one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Branch → the commits it holds, oldest first (the last is its tip). */
export type History = Record<string, string[]>;

export interface FakeCodeHost {
  /** The API base to configure as the repository's API URL. */
  url: string;
  /** What the fake holds; change it to merge a branch into another. */
  history: History;
  /** Every request as received: method, path with query, headers. */
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  violations: string[];
  close(): Promise<void>;
}

function start(
  handle: (
    req: http.IncomingMessage,
    url: URL,
    fail: (why: string) => void,
  ) => { status: number; body: unknown },
): Promise<Omit<FakeCodeHost, 'history'>> {
  const requests: FakeCodeHost['requests'] = [];
  const violations: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers });
    const answer = handle(req, url, (why) => violations.push(`${req.method} ${url.pathname}: ${why}`));
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer.body));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        violations,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

const holding = (history: History, sha: string) =>
  Object.keys(history).filter((b) => history[b]!.includes(sha));
const known = (history: History, sha: string) => holding(history, sha).length > 0;

/** GitHub's REST API for repository `owner/repo`, answering `token`. */
export async function startFakeGitHub(
  project: string,
  token: string,
  history: History,
): Promise<FakeCodeHost> {
  const base = await start((req, url, fail) => {
    if (req.method !== 'GET') fail('only GET is used');
    if (req.headers.accept !== 'application/vnd.github+json') fail(`Accept is "${req.headers.accept}"`);
    if (req.headers['x-github-api-version'] !== '2022-11-28')
      fail(`X-GitHub-Api-Version is "${String(req.headers['x-github-api-version'])}"`);
    if (!req.headers['user-agent']) fail('no User-Agent');
    if (req.headers.authorization !== `Bearer ${token}`) {
      fail('no or wrong Authorization: Bearer');
      return {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
      };
    }
    const notFound = {
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
    };
    const root = `/repos/${project}/`;
    if (!url.pathname.startsWith(root)) {
      fail('not this repository');
      return notFound;
    }
    const rest = url.pathname.slice(root.length);
    if (rest === 'branches')
      return {
        status: 200,
        body: Object.entries(fake.history).map(([name, commits]) => ({
          name,
          commit: { sha: commits.at(-1), url: `${fake.url}/repos/${project}/commits/${commits.at(-1)}` },
          protected: false,
        })),
      };
    const compare = /^compare\/(.+)\.\.\.([^/]+)$/.exec(rest);
    if (compare) {
      const baseRef = decodeURIComponent(compare[1]!);
      const head = decodeURIComponent(compare[2]!);
      const branch = fake.history[baseRef];
      if (!branch || !known(fake.history, head)) return notFound;
      const tip = branch.at(-1);
      const has = branch.includes(head);
      const status = head === tip ? 'identical' : has ? 'behind' : 'diverged';
      return {
        status: 200,
        body: {
          url: `${fake.url}${url.pathname}`,
          status,
          ahead_by: has ? 0 : 1,
          behind_by: has ? branch.length - 1 - branch.indexOf(head) : 1,
          total_commits: has ? 0 : 1,
          commits: [],
        },
      };
    }
    fail(`unexpected path ${url.pathname}`);
    return notFound;
  });
  const fake: FakeCodeHost = { ...base, history };
  return fake;
}

/** GitLab's REST API (`/api/v4`) for project `id` (a number, or a path sent URL-encoded), answering `token`. */
export async function startFakeGitLab(
  project: string,
  token: string,
  history: History,
): Promise<FakeCodeHost> {
  const base = await start((req, url, fail) => {
    if (req.method !== 'GET') fail('only GET is used');
    if (req.headers['private-token'] !== token) {
      fail('no or wrong PRIVATE-TOKEN');
      return { status: 401, body: { message: '401 Unauthorized' } };
    }
    // The raw path: a project path must arrive URL-encoded (group%2Fproject).
    const raw = (req.url ?? '').split('?')[0]!;
    const root = `/api/v4/projects/${encodeURIComponent(project)}/repository/`;
    if (!raw.startsWith(root)) {
      fail(`not this project (${raw})`);
      return { status: 404, body: { message: '404 Project Not Found' } };
    }
    const rest = raw.slice(root.length);
    if (rest === 'branches')
      return {
        status: 200,
        body: Object.entries(fake.history).map(([name, commits]) => ({
          name,
          commit: { id: commits.at(-1) },
          merged: false,
          protected: false,
          default: name === 'main',
        })),
      };
    const refs = /^commits\/([0-9a-f]+)\/refs$/.exec(rest);
    if (refs) {
      if (url.searchParams.get('type') !== 'branch') fail('type=branch is expected');
      const sha = refs[1]!;
      if (!known(fake.history, sha)) return { status: 404, body: { message: '404 Commit Not Found' } };
      return { status: 200, body: holding(fake.history, sha).map((name) => ({ type: 'branch', name })) };
    }
    fail(`unexpected path ${raw}`);
    return { status: 404, body: { message: '404 Not Found' } };
  });
  const fake: FakeCodeHost = { ...base, history };
  return fake;
}
