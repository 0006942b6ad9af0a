/**
 * `npm run bench`: start-up, idle memory and HTTP load, each against a bare Fastify baseline run
 * in the same process, then a summary table. Exits 0 whether targets are met or not (1 only when
 * a benchmark could not run). Options: `--only startup|http|web|ingest|escalation|har|statuspage|insights`, `--profile` (top SQL per scenario).
 * Figures are also written to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runEscalationBench } from './escalation.ts';
import { runHarUploadBench } from './har-upload.ts';
import { runHttpBench } from './http.ts';
import { runIngestBench } from './ingest.ts';
import { runInsightsBench } from './insights.ts';
import { cpuCheckMs } from './lib/host-speed.ts';
import { printMetric, printSummary, type Metric } from './lib/report.ts';
import { cleanupAll, repoRoot } from './lib/server.ts';
import { runStartupBench } from './startup.ts';
import { runStatusPageBench } from './statuspage.ts';
import { runWebBench } from './web.ts';

const { values } = parseArgs({
  options: { only: { type: 'string' }, profile: { type: 'boolean', default: false } },
});
const suites: Record<string, () => Promise<Metric[]>> = {
  startup: runStartupBench,
  http: () => runHttpBench({ profile: values.profile }),
  web: runWebBench,
  ingest: () => runIngestBench({ profile: values.profile }),
  escalation: runEscalationBench,
  har: runHarUploadBench,
  statuspage: runStatusPageBench,
  insights: runInsightsBench,
};
const chosen = values.only ? values.only.split(',') : Object.keys(suites);
for (const name of chosen) if (!suites[name]) throw new Error(`--only: unknown suite "${name}"`);

// An interrupted run still stops its servers and removes its temporary directories.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers and removing temporary directories`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(
  `# Expedite benchmarks — node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}, load average ${load}`,
);
// The host's speed now and at the end: a slow host shows here, not only as slow figures.
console.log(`# CPU check (fixed JSON work, lower is faster): ${cpuCheckMs()} ms`);
const began = Date.now();
const metrics: Metric[] = [];
let failed = false;
try {
  for (const name of chosen) {
    try {
      const found = await suites[name]!();
      found.forEach(printMetric);
      metrics.push(...found);
    } catch (err) {
      failed = true;
      console.error(`\n${name} benchmark failed:`, err);
    }
  }
} finally {
  await cleanupAll();
}

printSummary(metrics);
console.log(
  `\nTotal time ${((Date.now() - began) / 1000).toFixed(0)} s; CPU check at the end: ${cpuCheckMs()} ms`,
);
const out = path.join(repoRoot, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, metrics }, null, 2),
);
process.exitCode = failed ? 1 : 0;
