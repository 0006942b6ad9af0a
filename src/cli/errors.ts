/**
 * The CLI's one error type and its exit codes. Anything a command cannot do becomes a CliError,
 * which `run` prints as one line on stderr (never a stack trace) and turns into the exit code.
 */

/** Exit codes, documented in docs/cli.md so that scripts can branch on them. */
export const exitCodes = {
  ok: 0,
  /** The API refused the request (other than 401/403/404) or the server could not be reached. */
  failed: 1,
  /** Unknown command or option, missing or malformed argument. */
  usage: 2,
  /** Not signed in, token refused (401), or not allowed (403). */
  auth: 3,
  /** The incident, task or token does not exist (404). */
  notFound: 4,
  /** Interrupted at a prompt (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** An error shown to the person as one line, with the exit code the process ends with. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = exitCodes.failed) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A mistake in the command line itself (exit 2); points at the command's help. */
export function usageError(message: string, command?: string): CliError {
  const help = command ? `expedite ${command} --help` : 'expedite --help';
  return new CliError(`${message} (see "${help}")`, exitCodes.usage);
}
