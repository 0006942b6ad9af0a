/** Dispatches `expedite <command> …` to host or API commands; returns the exit code. */
import { migrateCommand, serve } from './host.ts';

const usage = `Usage: expedite <command> [options]

Host commands:
  serve      Run Expedite (embedded PostgreSQL unless DATABASE_URL is set)
  migrate    Apply database migrations and exit

Run "expedite <command> --help" for a command's options.`;

/** Runs one CLI invocation. */
export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        await serve();
        return 0;
      case 'migrate': {
        const applied = await migrateCommand();
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(usage);
        return command === undefined ? 2 : 0;
      default:
        console.error(`Unknown command "${command}".\n\n${usage}`);
        return 2;
    }
  } catch (err) {
    console.error(`expedite ${command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    void rest;
  }
}
