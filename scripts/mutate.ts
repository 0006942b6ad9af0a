/**
 * `npm run mutate [-- <module-substring>…] [--concurrency=N]`: mutation testing with StrykerJS.
 *
 * Each module is mutated on its own and tested only by the test files listed for it, so that a run
 * stays feasible on a small machine and a module's score says how well *its* tests guard it.
 * Modules marked `db` get one throwaway PostgreSQL with a migrated template for the whole run,
 * prepared exactly as `npm test` does. Reports go to reports/mutation/<module>.{html,json}; a table
 * of scores is printed at the end. Slow by nature: not part of CI.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { prepareTestDatabase, type TestDatabaseServer } from './test-database.ts';

/** A module under mutation: the source file, the tests that guard it, whether they need PostgreSQL. */
interface MutationModule {
  module: string;
  tests: string[];
  db?: boolean;
  /** A test name pattern to skip: tests that time themselves fail on the slower instrumented code. */
  skip?: string;
}

/** The modules under mutation testing. Keep each module's tests to the files that exercise it. */
const modules: MutationModule[] = [
  { module: 'src/classification/policy.ts', tests: ['src/classification/policy.test.ts'] },
  { module: 'src/incidents/transitions.ts', tests: ['src/incidents/status.test.ts'] },
  {
    module: 'src/incidents/status.ts',
    tests: ['test/integration/status.test.ts', 'test/integration/paging-ends.test.ts'],
    db: true,
  },
  { module: 'src/auth/permissions.ts', tests: ['src/auth/permissions.test.ts'] },
  { module: 'src/signals/routing.ts', tests: ['src/signals/routing.test.ts'] },
  { module: 'src/signals/rate-limit.ts', tests: ['src/signals/rate-limit.test.ts'] },
  {
    module: 'src/reports/har-redact.ts',
    tests: [
      'src/reports/har-redact.test.ts',
      'src/reports/har.test.ts',
      'src/reports/har-credentials.test.ts',
    ],
  },
  ...['src/reports/har-secrets.ts', 'src/reports/har-redact-text.ts'].map((module) => ({
    module,
    tests: ['src/reports/har-redact.test.ts', 'src/reports/har-credentials.test.ts'],
  })),
  { module: 'src/schedules/rotation.ts', tests: ['src/schedules/rotation.test.ts'] },
  { module: 'src/incidents/ownership.ts', tests: ['test/integration/ownership.test.ts'], db: true },
  { module: 'src/auth/plugin.ts', tests: ['test/integration/auth-plugin.test.ts'], db: true },
  {
    module: 'src/signals/grouping.ts',
    tests: ['test/integration/grouping.test.ts', 'test/integration/grouping-open.test.ts'],
    db: true,
  },
  {
    module: 'src/escalation/flow.ts',
    tests: [
      'test/integration/escalation.test.ts',
      'test/integration/paging-plan.test.ts',
      'test/integration/decisions-change.test.ts',
    ],
    db: true,
  },
  ...[
    'src/insights/figures.ts',
    'src/insights/cohort.ts',
    'src/insights/follow-ups.ts',
    'src/insights/pages.ts',
  ].map((module) => ({
    module,
    tests: [
      'src/insights/figures.test.ts',
      'src/insights/cohort.test.ts',
      'test/integration/insights.test.ts',
    ],
    db: true,
  })),
];

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
const concurrency = Number(args.find((a) => a.startsWith('--concurrency='))?.split('=')[1] ?? 2);
const selected = filters.length ? modules.filter((m) => filters.some((f) => m.module.includes(f))) : modules;
if (selected.length === 0) {
  console.error(
    `No module matches ${filters.join(', ')}; modules: ${modules.map((m) => m.module).join(', ')}`,
  );
  process.exit(2);
}

// The tap runner starts test files with `node` from PATH: make that this Node (24, type stripping).
process.env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;

let db: TestDatabaseServer | undefined;
if (selected.some((m) => m.db)) {
  db = await prepareTestDatabase();
  Object.assign(process.env, db.env);
  console.log(`# database: ${db.label}`);
}

/** Killed (timeouts included, as Stryker counts them) out of all mutants that ran or lacked tests. */
interface Score {
  module: string;
  killed: number;
  total: number;
  /** Why the module could not be mutation-tested (e.g. its tests failed without mutants). */
  error?: string;
}
const scores: Score[] = [];
const reportDir = path.join('reports', 'mutation');
mkdirSync(reportDir, { recursive: true });
try {
  for (const m of selected) {
    const name = m.module
      .replace(/^src\//, '')
      .replace(/\.ts$/, '')
      .replaceAll('/', '-');
    console.log(`\n# mutating ${m.module} with ${m.tests.join(', ')}`);
    const skip = m.skip ? [`--test-skip-pattern=${m.skip}`] : [];
    let results;
    try {
      results = await new Stryker({
        mutate: [m.module],
        tap: {
          testFiles: m.tests,
          nodeArgs: ['--test-reporter=tap', ...skip, '-r', '{{hookFile}}', '{{testFile}}'],
        },
        concurrency,
        htmlReporter: { fileName: path.join(reportDir, `${name}.html`) },
        jsonReporter: { fileName: path.join(reportDir, `${name}.json`) },
      }).runMutationTest();
    } catch (e) {
      // One module's failure (say, a test failing before any mutant) must not hide the others' scores.
      scores.push({ module: m.module, killed: 0, total: 0, error: (e as Error).message });
      continue;
    }
    const killed = results.filter((r) => r.status === 'Killed' || r.status === 'Timeout').length;
    const missed = results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage').length;
    scores.push({ module: m.module, killed, total: killed + missed });
  }
} finally {
  await db?.release();
}

const pct = (s: Score) => (s.total ? (100 * s.killed) / s.total : 100);
const width = Math.max(...scores.map((s) => s.module.length), 'module'.length);
console.log(`\n${'module'.padEnd(width)}  killed / total  score`);
for (const s of scores)
  console.log(
    s.error
      ? `${s.module.padEnd(width)}  not run: ${s.error}`
      : `${s.module.padEnd(width)}  ${`${s.killed} / ${s.total}`.padStart(14)}  ${pct(s).toFixed(1).padStart(5)}%`,
  );
if (scores.some((s) => s.error)) process.exitCode = 1;
