import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cli, startCliServer, type CliServer } from './helpers.ts';

let server: CliServer;
before(async () => {
  server = await startCliServer();
});
after(async () => server.stop());

/** Signs in with the password on stdin, into a config file of its own; returns that file. */
async function login(name: string): Promise<string> {
  const config = server.configFile(name);
  const res = await cli(
    ['login', '--email', ADMIN_EMAIL],
    { EXPEDITE_CONFIG: config, EXPEDITE_URL: server.url },
    `${ADMIN_PASSWORD}\n`,
  );
  assert.equal(res.code, 0, res.stderr);
  return config;
}

const storedToken = (config: string) => (JSON.parse(readFileSync(config, 'utf8')) as { token: string }).token;

describe('login, whoami, logout', () => {
  test('login reads the password from stdin and stores url and token with mode 0600', async () => {
    const config = server.configFile('login');
    const res = await cli(
      ['login', '--email', ADMIN_EMAIL],
      { EXPEDITE_CONFIG: config, EXPEDITE_URL: server.url },
      `${ADMIN_PASSWORD}\n`,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Signed in to .* as admin <admin@example.com> \(admin\)/);
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(config, 'utf8'));
    assert.equal(stored.url, server.url);
    assert.match(stored.token, /^exs_/);
    assert.doesNotMatch(res.stdout, new RegExp(stored.token));

    const me = await cli(['whoami'], { EXPEDITE_CONFIG: config });
    assert.equal(me.code, 0, me.stderr);
    assert.equal(me.stdout.trim(), `admin <admin@example.com> (admin) at ${server.url}`);
  });

  test('--url wins over EXPEDITE_URL and whoami --json is the API user', async () => {
    const config = server.configFile('url-flag');
    const res = await cli(
      ['login', '--url', `${server.url}/`, '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD],
      { EXPEDITE_CONFIG: config, EXPEDITE_URL: 'http://127.0.0.1:1' },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.equal(JSON.parse(readFileSync(config, 'utf8')).url, server.url);
    const me = await cli(['whoami', '--json'], { EXPEDITE_CONFIG: config });
    const user = JSON.parse(me.stdout);
    assert.equal(user.email, ADMIN_EMAIL);
    assert.equal(user.role, 'admin');
  });

  test('a wrong password is exit 3 with the API message, and nothing is stored', async () => {
    const config = server.configFile('wrong');
    const res = await cli(
      ['login', '--email', ADMIN_EMAIL],
      { EXPEDITE_CONFIG: config, EXPEDITE_URL: server.url },
      'nope\n',
    );
    assert.equal(res.code, 3);
    assert.equal(res.stderr.trim(), 'expedite login: Wrong email or password');
    assert.equal(existsSync(config), false);
  });

  test('without a terminal, --email is required (exit 2)', async () => {
    const res = await cli(['login'], {
      EXPEDITE_CONFIG: server.configFile('noemail'),
      EXPEDITE_URL: server.url,
    });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--email is required when stdin is not a terminal/);
  });

  test('logout revokes the token on the server and deletes the file', async () => {
    const config = await login('logout');
    const token = storedToken(config);
    const res = await cli(['logout'], { EXPEDITE_CONFIG: config });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Signed out of/);
    assert.equal(existsSync(config), false);
    const again = await cli(['whoami'], { EXPEDITE_URL: server.url, EXPEDITE_TOKEN: token });
    assert.equal(again.code, 3);
    assert.match(again.stderr, /token was refused/);
  });

  test('not signed in is exit 3 and says how to sign in', async () => {
    const res = await cli(['list'], {
      EXPEDITE_CONFIG: server.configFile('nobody'),
      EXPEDITE_URL: server.url,
    });
    assert.equal(res.code, 3);
    assert.match(res.stderr, /Not signed in to .*: run "expedite login" or set EXPEDITE_TOKEN/);
  });

  test('the stored token is not sent to another server named by EXPEDITE_URL', async () => {
    const config = await login('other-url');
    const res = await cli(['whoami'], { EXPEDITE_CONFIG: config, EXPEDITE_URL: 'http://127.0.0.1:9' });
    assert.equal(res.code, 3);
    assert.match(res.stderr, /Not signed in to http:\/\/127\.0\.0\.1:9/);
  });
});

describe('tokens', () => {
  test('create, list, use as EXPEDITE_TOKEN, revoke; the revoked token gets exit 3', async () => {
    const config = await login('tokens');
    const created = await cli(['tokens', 'create', 'deploy-script', '--expires-in-days', '30'], {
      EXPEDITE_CONFIG: config,
    });
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^exp_\S+$/);
    assert.match(created.stderr, /shown only this once/);

    const listed = await cli(['tokens', 'list', '--json'], { EXPEDITE_CONFIG: config });
    const token = JSON.parse(listed.stdout).items.find((t: { name: string }) => t.name === 'deploy-script');
    assert.ok(token, 'the new token is listed');
    assert.ok(token.expiresAt);
    const table = await cli(['tokens', 'list'], { EXPEDITE_CONFIG: config });
    assert.match(table.stdout, new RegExp(`^${token.id}\tdeploy-script\t`, 'm'));

    // Scripts need no login: EXPEDITE_URL and EXPEDITE_TOKEN are enough.
    const env = {
      EXPEDITE_CONFIG: server.configFile('none'),
      EXPEDITE_URL: server.url,
      EXPEDITE_TOKEN: secret,
    };
    assert.equal((await cli(['whoami'], env)).code, 0);

    const revoked = await cli(['tokens', 'revoke', token.id], { EXPEDITE_CONFIG: config });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked token/);
    const refused = await cli(['whoami'], env);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /expired or revoked/);

    const twice = await cli(['tokens', 'revoke', token.id], { EXPEDITE_CONFIG: config });
    assert.equal(twice.code, 4);
    assert.match(twice.stderr, /not found/);
  });

  test('tokens create without a name is a usage error', async () => {
    const res = await cli(['tokens', 'create'], { EXPEDITE_URL: server.url, EXPEDITE_TOKEN: 'x' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /missing <name>/);
  });
});

describe('usage and failures', () => {
  test('an unknown command is exit 2', async () => {
    const res = await cli(['frobnicate'], {});
    assert.equal(res.code, 2);
    assert.equal(res.stderr.trim(), 'expedite: unknown command "frobnicate" (see "expedite --help")');
  });

  test('an unknown option is exit 2, naming it', async () => {
    const res = await cli(['list', '--colour'], { EXPEDITE_URL: server.url, EXPEDITE_TOKEN: 'x' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /Unknown option '--colour'/);
  });

  test('--help lists the commands; a command --help shows its options and an example', async () => {
    const top = await cli(['--help'], {});
    assert.equal(top.code, 0);
    for (const name of ['login', 'declare', 'list', 'show', 'resolve', 'log-time', 'tokens'])
      assert.match(top.stdout, new RegExp(`^  ${name} `, 'm'));
    const declare = await cli(['declare', '--help'], {});
    assert.equal(declare.code, 0);
    assert.match(declare.stdout, /Usage: expedite declare <title> \[options\]/);
    assert.match(declare.stdout, /--criticality <code>/);
    assert.match(declare.stdout, /Examples:\n {2}expedite declare/);
  });

  test('no command at all prints the usage and is exit 2', async () => {
    const res = await cli([], {});
    assert.equal(res.code, 2);
    assert.match(res.stdout, /Usage: expedite <command>/);
  });

  test('an unreachable server is exit 1 and names the URL, without a stack trace', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const res = await cli(['list'], { EXPEDITE_URL: url, EXPEDITE_TOKEN: 'exp_x' });
    assert.equal(res.code, 1);
    assert.equal(res.stderr.trim(), `expedite list: Cannot reach Expedite at ${url} (connection refused)`);
    const login = await cli(
      ['login', '--url', url, '--email', ADMIN_EMAIL],
      { EXPEDITE_CONFIG: server.configFile('down') },
      'pw\n',
    );
    assert.equal(login.code, 1);
    assert.match(login.stderr, new RegExp(`Cannot reach Expedite at ${url}`));
  });

  test('a malformed EXPEDITE_URL is a usage error naming the variable', async () => {
    const res = await cli(['whoami'], { EXPEDITE_URL: 'localhost:8080', EXPEDITE_TOKEN: 'x' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /EXPEDITE_URL "localhost:8080"/);
  });
});
