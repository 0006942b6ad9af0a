/**
 * How an API command is described (options, arguments, help, examples) and how its command line
 * is parsed with node:util parseArgs, so that every command gets the same --help, --json and
 * usage errors (exit 2) without a CLI framework.
 */
import { parseArgs } from 'node:util';
import type { Context } from './context.ts';
import { usageError } from './errors.ts';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help for a string option, e.g. "text". */
  value?: string;
  help: string;
}

/** Options and arguments as parsed. */
export interface Input {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** An API command: its help text, its options, how many arguments, and what it does. */
export interface CommandSpec {
  name: string;
  /** Arguments as shown in the usage line, e.g. "<ref> <status>". */
  args: string;
  summary: string;
  /** More help, shown under the usage line. */
  description?: string;
  examples: string[];
  options?: Record<string, OptionSpec>;
  /** Fewest and most positional arguments; a command taking free text allows Infinity. */
  min: number;
  max: number;
  run(ctx: Context, input: Input): Promise<void>;
}

const common: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: "Print the API's JSON instead of text (for scripts)" },
  help: { type: 'boolean', short: 'h', help: 'Show this help' },
};

/** The full help of a command. */
export function commandHelp(spec: CommandSpec): string {
  const options = { ...spec.options, ...common };
  const left = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}`;
    return o.type === 'string' ? `${flag} <${o.value ?? 'value'}>` : flag;
  });
  const width = Math.max(...left.map((l) => l.length)) + 3;
  const lines = [
    `Usage: expedite ${spec.name}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary,
  ];
  if (spec.description) lines.push('', spec.description);
  lines.push('', 'Options:');
  Object.values(options).forEach((o, i) => lines.push(`  ${left[i]!.padEnd(width)}${o.help}`));
  lines.push('', spec.examples.length > 1 ? 'Examples:' : 'Example:');
  for (const e of spec.examples) lines.push(`  ${e}`);
  return lines.join('\n');
}

/** Parses a command line for `spec`; `undefined` means --help was asked for. Exit 2 on mistakes. */
export function parseCommand(spec: CommandSpec, argv: string[]): Input | undefined {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, ...common }).map(([name, o]) => [
      name,
      o.short ? { type: o.type, short: o.short } : { type: o.type },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    if (argv.includes('--help') || argv.includes('-h')) return undefined;
    throw usageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''), spec.name);
  }
  const values = parsed.values as Input['values'];
  if (values.help) return undefined;
  const { positionals } = parsed;
  if (positionals.length < spec.min) {
    const names = spec.args.match(/<[^>]+>/g) ?? [];
    const missing = names[positionals.length] ?? 'an argument';
    throw usageError(`missing ${missing}`, spec.name);
  }
  if (positionals.length > spec.max)
    throw usageError(`unexpected argument "${positionals[spec.max]}"`, spec.name);
  return { values, positionals };
}

/** A string option's value, if given. */
export function opt(input: Input, name: string): string | undefined {
  const v = input.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string option that must be given; exit 2 naming it otherwise. */
export function required(input: Input, name: string, command: string): string {
  const v = opt(input, name);
  if (v === undefined || v.trim() === '') throw usageError(`--${name} is required`, command);
  return v;
}

/** A positive whole number from an option, e.g. --limit; exit 2 if it is not one. */
export function positiveInt(input: Input, name: string, command: string): number | undefined {
  const v = opt(input, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw usageError(`--${name} must be a positive whole number, got "${v}"`, command);
  return Number(v);
}

/** The free text made of the arguments from `from` on, joined with spaces. */
export function text(input: Input, from: number): string {
  return input.positionals.slice(from).join(' ').trim();
}
