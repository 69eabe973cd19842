/**
 * The shape of Godwit's command table: every command, noun group, verb, argument and flag is
 * declared once, as data, and the parser, `--help`, `godwit --help`, "did you mean" and shell
 * completion are all generated from it. A spec imports nothing but types; its handler is loaded
 * only when the verb runs, so `godwit --help` and completion never load a command module.
 *
 * ```ts
 * defineVerb({
 *   name: 'logs', summary: 'Print a step log', args: [{ name: 'RUN_ID' }, { name: 'STEP' }],
 *   options: { attempt: { type: 'string', value: 'N', summary: 'That attempt, not the last' } },
 *   examples: ['godwit runs logs run-20261122-134501-3f9a2c train'],
 *   load: async () => (await import('../commands/runs-logs.js')).runsLogs, // { run({ values, positionals, io }) }
 * })
 * ```
 */
import type { CliIo, Command } from '../cli-io.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One letter: `-p` for `--param`. */
  readonly short?: string;
  /** May be given more than once; the values arrive as an array in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in help: `--param NAME=VALUE`. */
  readonly value?: string;
  /** Must be given; usage shows it without brackets. */
  readonly required?: boolean;
  /** The only values accepted; also what shell completion offers. */
  readonly choices?: readonly string[];
  readonly summary: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ArgSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** Takes every remaining positional (at least one unless optional). */
  readonly variadic?: boolean;
  /** Fixed values (an algorithm name, a shell), offered by completion. */
  readonly choices?: readonly string[];
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : S['multiple'] extends true ? string[] : string;

/** Parsed flag values, typed from the spec: absent flags are `undefined`. */
export type Values<O extends OptionSpecs> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

export interface Invocation<O extends OptionSpecs = OptionSpecs> {
  readonly values: Values<O>;
  readonly positionals: string[];
  /** `--NAME=VALUE` flags the spec does not declare, kept only where `extraFlags` allows them. */
  readonly extra: Readonly<Record<string, string>>;
  readonly io: CliIo;
}

/** What a verb runs (a method, so a verb's typed handler fits the table's general slot). */
export interface Handler<O extends OptionSpecs = OptionSpecs> {
  /** Resolves with the exit code. */
  run(call: Invocation<O>): Promise<number>;
  /** Container entry points: record a failure (parsing included) where the platform looks for it. */
  onFailure?(err: unknown, args: readonly string[], io: CliIo): Promise<void>;
}

export interface VerbSpec<O extends OptionSpecs = OptionSpecs> {
  readonly kind: 'verb';
  readonly name: string;
  /** One line, shown in the parent's listing and as the first line of `--help`. */
  readonly summary: string;
  readonly args?: readonly ArgSpec[];
  readonly options: O;
  /** Other ways to call it, shown as extra usage lines (`godwit run --resume RUN_ID [FILE]`). */
  readonly altUsage?: readonly string[];
  /** Undeclared `--NAME=VALUE` flags are collected (placeholder and meaning for help). */
  readonly extraFlags?: { readonly value: string; readonly summary: string };
  /** What it does, beyond the summary: paragraphs shown by `--help` before the options. */
  readonly description?: string;
  readonly examples: readonly string[];
  /**
   * A container entry point (algorithm, transform, serve): a failure that is not a usage error
   * exits 1, as the job failed (2 stays for a wrong command line).
   */
  readonly entryPoint?: boolean;
  readonly load: () => Promise<Handler<O>>;
}

/** A noun (`runs`, `models`): verbs under one name, `godwit <noun> <verb>`. */
export interface GroupSpec {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly verbs: readonly VerbSpec[];
}

/**
 * A command written against the older `Command` interface (its own usage, help and argument
 * parsing). Accepted so a branch that adds one still plugs in; only the table's summary is ever
 * shown (in `godwit --help` and above the command's help), so the two cannot disagree on screen.
 */
export interface ModuleSpec {
  readonly kind: 'module';
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export type CommandSpec = VerbSpec | GroupSpec | ModuleSpec;

/** Declares a verb; `const` keeps option names literal so the handler's `values` are typed. */
export function defineVerb<const O extends OptionSpecs>(spec: Omit<VerbSpec<O>, 'kind'>): VerbSpec<O> {
  return { kind: 'verb', ...spec };
}

export function defineGroup(spec: Omit<GroupSpec, 'kind'>): GroupSpec {
  return { kind: 'group', ...spec };
}

/** The `--help` flag every verb has; declared here so help and completion list it too. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', summary: 'Show this help and an example.' };
