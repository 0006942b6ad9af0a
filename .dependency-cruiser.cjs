// The layer rule of `npm run check`: dependencies between the top-level parts of src/ flow one way.
// Each part (a folder, or a file at the top of src/) may import only parts listed before it, so an
// upward import fails, and with it every import cycle between parts; cycles between files fail too.
// A lower part that must tell a higher one takes a function as a dependency or writes a job.
// Tests (*.test.ts) may import across parts to set a scene. The order is drawn in docs/ARCHITECTURE.md.

/** Lowest first. */
const order = [
  // base: configuration, time, errors, the database, signing, the outbound URL policy
  'clock',
  'config-channels',
  'config',
  'errors',
  'heap-tuning',
  'db',
  'signing',
  'outbound',
  // platform: jobs, audit, live events, files, outgoing messages, HTTP plumbing
  'engine',
  'audit',
  'realtime',
  'uploads',
  'notify',
  'http',
  // domains, each above the ones it builds on
  'classification',
  'auth',
  'users',
  'outbound-admin',
  'policy',
  'incidents',
  'signals',
  'reports',
  'schedules',
  'escalation',
  'clients',
  'decisions',
  'chat',
  'statuspages',
  'updates',
  'techdebt',
  'hotfixes',
  'deployments',
  'verification',
  'trackers',
  'resolutions',
  'postmortems',
  'knowledge',
  'insights',
  'observability',
  // composition and entry points
  'modules',
  'app',
  'server',
  'cli',
];

const part = (name) => `^src/${name.replace(/[.-]/g, '\\$&')}(/|\\.ts$)`;

const upward = order.map((name, i) => ({
  name: `layers: ${name}`,
  comment: `${name} may import only: ${order.slice(0, i).join(', ') || 'nothing of src/'}`,
  severity: 'error',
  from: { path: part(name), pathNot: '\\.test\\.ts$' },
  to: {
    path: `^src/(${order
      .slice(i + 1)
      .map((n) => n.replace(/[.-]/g, '\\$&'))
      .join('|')})(/|\\.ts$)`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle between files of src/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'unknown-part',
      comment: 'A new top-level part of src/ must be placed in the order of .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...order.map(part), '\\.test\\.ts$'] },
      to: {},
    },
    ...upward.filter((rule) => !rule.to.path.endsWith('()(/|\\.ts$)')),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|web|test|bench|scripts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
