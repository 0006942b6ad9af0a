/** The `expedite` command line: host commands (serve, migrate) and API commands. */
import '../heap-tuning.ts';
import { run } from './run.ts';

process.exitCode = await run(process.argv.slice(2), process.env);
