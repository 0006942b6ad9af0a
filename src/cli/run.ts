/** Dispatches `expedite <command> …` to host or API commands; returns the exit code. */
import { commandHelp, parseCommand } from './args.ts';
import { apiCommands, findCommand } from './commands/index.ts';
import { createContext } from './context.ts';
import { CliError, exitCodes } from './errors.ts';

const hostCommands: Record<string, string> = {
  serve: 'Run Expedite (embedded PostgreSQL unless DATABASE_URL is set)',
  migrate: 'Apply database migrations and exit',
};

function line(name: string, summary: string): string {
  return `  ${name.padEnd(10)} ${summary}`;
}

/** The top-level help: every command with its one-line summary. */
export function usage(): string {
  const lines = ['Usage: expedite <command> [options]', '', 'Host commands:'];
  for (const [name, summary] of Object.entries(hostCommands)) lines.push(line(name, summary));
  for (const { group, commands } of apiCommands) {
    lines.push('', `${group}:`);
    for (const c of commands) lines.push(line(c.name, c.summary));
  }
  lines.push(
    '',
    'API commands talk to the server of "expedite login", or to EXPEDITE_URL with EXPEDITE_TOKEN.',
    'Exit codes: 0 ok, 1 API or network error, 2 usage error, 3 not signed in or not allowed, 4 not found.',
    'Run "expedite <command> --help" for a command\'s options.',
  );
  return lines.join('\n');
}

/** Host commands load the server code only when used, so API commands start fast. */
async function runHost(command: string, rest: string[]): Promise<number> {
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: expedite ${command}\n\n${hostCommands[command]}. Configured by the environment.`);
    return exitCodes.ok;
  }
  const host = await import('./host.ts');
  if (command === 'serve') {
    await host.serve();
    return exitCodes.ok;
  }
  const applied = await host.migrateCommand();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
  return exitCodes.ok;
}

/** Runs one CLI invocation. */
export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const spec = command === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
      console.log(spec ? commandHelp(spec) : usage());
      return command === undefined ? exitCodes.usage : exitCodes.ok;
    }
    if (command in hostCommands) return await runHost(command, rest);
    const spec = findCommand(command);
    if (!spec) {
      console.error(`expedite: unknown command "${command}" (see "expedite --help")`);
      return exitCodes.usage;
    }
    const input = parseCommand(spec, rest);
    if (!input) {
      console.log(commandHelp(spec));
      return exitCodes.ok;
    }
    await spec.run(createContext(env, input.values.json === true), input);
    return exitCodes.ok;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`expedite ${command}: ${message.replace(/\s*\n\s*/g, ' ')}`);
    return err instanceof CliError ? err.exitCode : exitCodes.failed;
  }
}
