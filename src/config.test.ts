/** Configuration: defaults, and a bad value stops the start with the variable named. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDbPool, loadConfig } from './config.ts';

test('defaults: port 8080 on loopback, a few database connections per core', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dbPool, defaultDbPool());
  assert.ok(c.dbPool >= 4);
  assert.equal(loadConfig({ EXPEDITE_DB_POOL: '12' }).dbPool, 12);
  assert.equal(c.signalRetentionDays, 30);
  assert.equal(loadConfig({ EXPEDITE_SIGNAL_RETENTION_DAYS: '0' }).signalRetentionDays, 0, '0 keeps them');
});

test('a bad value names its variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a non-negative integer, got "eighty"/);
  assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be at most 65535/);
  assert.throws(() => loadConfig({ EXPEDITE_DB_POOL: '2' }), /EXPEDITE_DB_POOL must be at least 3/);
  assert.throws(() => loadConfig({ EXPEDITE_DB_POOL: '-1' }), /EXPEDITE_DB_POOL must be a non-negative/);
  assert.throws(
    () => loadConfig({ EXPEDITE_SIGNAL_RETENTION_DAYS: 'a month' }),
    /EXPEDITE_SIGNAL_RETENTION_DAYS must be a non-negative integer/,
  );
});

test('HTTPS: a certificate and its key together, links and cookies follow', () => {
  const c = loadConfig({
    EXPEDITE_TLS_CERT: '/etc/expedite/cert.pem',
    EXPEDITE_TLS_KEY: '/etc/expedite/key.pem',
  });
  assert.deepEqual(c.tls, { certFile: '/etc/expedite/cert.pem', keyFile: '/etc/expedite/key.pem' });
  assert.equal(c.publicUrl, 'https://127.0.0.1:8080');
  assert.equal(c.secureCookies, true);
  assert.equal(loadConfig({}).tls, undefined);
  assert.throws(() => loadConfig({ EXPEDITE_TLS_CERT: '/c.pem' }), /EXPEDITE_TLS_KEY must be set too/);
  assert.throws(() => loadConfig({ EXPEDITE_TLS_KEY: '/k.pem' }), /EXPEDITE_TLS_CERT must be set too/);
});

test('metrics: closed by default, a token of some length, or public', () => {
  assert.equal(loadConfig({}).metricsPublic, false);
  assert.equal(loadConfig({}).metricsToken, undefined);
  assert.equal(loadConfig({ EXPEDITE_METRICS_PUBLIC: 'true' }).metricsPublic, true);
  assert.equal(loadConfig({ EXPEDITE_METRICS_TOKEN: 'abcdefghijklmnop' }).metricsToken, 'abcdefghijklmnop');
  assert.throws(
    () => loadConfig({ EXPEDITE_METRICS_TOKEN: 'short' }),
    /EXPEDITE_METRICS_TOKEN must be at least 16/,
  );
});
