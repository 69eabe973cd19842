/**
 * The one flag parser of every Godwit command and container entry point: `--name value`,
 * `--name=value`, `-n value`, repeatable flags, boolean switches, `--` before positionals that
 * start with a dash, and — where a verb allows it — undeclared `--NAME=VALUE` flags (Vertex AI
 * passes a tuning trial's hyperparameters that way). Mistakes are usage errors with a "did you mean".
 */

import { didYouMean } from '../core/suggest.js';
import { UsageError } from './output.js';
import type { OptionSpec, OptionSpecs, VerbSpec } from './spec/command-spec.js';

export interface ParsedArgs {
  readonly values: Record<string, string | string[] | boolean>;
  readonly positionals: string[];
  readonly extra: Record<string, string>;
}

/** Parses `args` against the verb's flags and checks the positionals against its arguments. */
export function parseArgs(spec: VerbSpec, args: readonly string[], usage: string): ParsedArgs {
  const parsed: ParsedArgs = { values: {}, positionals: [], extra: {} };
  const shorts = new Map(Object.entries(spec.options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const name = written.startsWith('--') ? written.slice(2) : (shorts.get(written.slice(1)) ?? `-${written.slice(1)}`);
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw new UsageError(`${written} needs a value.`, usage);
      i++;
      return next;
    };
    const option = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (!option) {
      if (spec.extraFlags && written.startsWith('--') && name.length > 0) parsed.extra[name] = takeValue();
      else throw unknownOption(written, spec.options, usage);
      continue;
    }
    if (option.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${written} is a switch and takes no value (got "${inline}").`, usage);
      parsed.values[name] = true;
      continue;
    }
    store(parsed.values, name, option, takeValue(), usage);
  }
  const missing = Object.entries(spec.options).filter(([name, o]) => o.required && parsed.values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map(([name]) => `--${name}`).join(' and ')}.`, usage);
  checkPositionals(spec, parsed.positionals, usage);
  return parsed;
}

function store(values: ParsedArgs['values'], name: string, option: OptionSpec, value: string, usage: string): void {
  if (option.choices && !option.choices.includes(value))
    // The usage that follows lists the choices.
    throw new UsageError(`Unknown ${name} "${value}".${didYouMean(value, option.choices)}`, usage);
  if (option.multiple) values[name] = [...((values[name] as string[] | undefined) ?? []), value];
  else if (values[name] !== undefined) throw new UsageError(`--${name} was given twice.`, usage);
  else values[name] = value;
}

function unknownOption(written: string, options: OptionSpecs, usage: string): UsageError {
  const flags = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  return new UsageError(`Unknown option "${written}".${didYouMean(written, [...flags, '--help'])}`, usage);
}

function checkPositionals(spec: VerbSpec, positionals: readonly string[], usage: string): void {
  const args = spec.args ?? [];
  const required = args.filter((a) => !a.optional).length;
  const variadic = args.some((a) => a.variadic);
  if (positionals.length < required) {
    const missing = args.slice(positionals.length).filter((a) => !a.optional);
    throw new UsageError(`Missing ${missing.map((a) => a.name).join(' and ')}.`, usage);
  }
  if (!variadic && positionals.length > args.length)
    throw new UsageError(
      `Unexpected argument${positionals.length - args.length > 1 ? 's' : ''}: ${positionals.slice(args.length).join(' ')}.`,
      usage,
    );
  args.forEach((arg, i) => {
    const value = positionals[i];
    if (arg.choices && value !== undefined && !arg.choices.includes(value))
      throw new UsageError(
        `${arg.name} "${value}" is not one of ${arg.choices.join(', ')}.${didYouMean(value, arg.choices)}`,
        usage,
      );
  });
}
