/**
 * What shell completion knows, derived from the command table: the words at each position and,
 * per command path, its flags, the flags that take a value, the fixed values of some of them and
 * of its arguments. Both shell scripts are printed from this one model.
 */
import { HELP_OPTION, type VerbSpec } from '../spec/command-spec.js';
import { aliasesOf, COMMANDS } from '../spec/commands.js';

export interface CompletionPath {
  /** `runs list`, or `compile`. */
  readonly key: string;
  readonly flags: readonly string[];
  /** Flags whose next word is a value (complete files there unless it has choices). */
  readonly valueFlags: readonly string[];
  /** Flag (either spelling) → the values it accepts. */
  readonly choices: readonly { readonly flags: readonly string[]; readonly values: readonly string[] }[];
  readonly argChoices: readonly string[];
}

export interface CompletionModel {
  readonly commands: readonly { readonly name: string; readonly summary: string }[];
  readonly aliases: readonly { readonly alias: string; readonly name: string }[];
  readonly groups: readonly {
    readonly name: string;
    readonly verbs: readonly { readonly name: string; readonly summary: string }[];
  }[];
  readonly paths: readonly CompletionPath[];
}

export function completionModel(): CompletionModel {
  const paths: CompletionPath[] = [];
  for (const c of COMMANDS) {
    if (c.kind === 'verb') paths.push(pathOf(c.name, c));
    if (c.kind === 'group') for (const v of c.verbs) paths.push(pathOf(`${c.name} ${v.name}`, v));
    if (c.kind === 'module') paths.push({ key: c.name, flags: ['--help'], valueFlags: [], choices: [], argChoices: [] });
  }
  return {
    commands: COMMANDS.map((c) => ({ name: c.name, summary: c.summary })),
    aliases: COMMANDS.flatMap((c) => (c.kind === 'group' ? aliasesOf(c).map((alias) => ({ alias, name: c.name })) : [])),
    groups: COMMANDS.flatMap((c) =>
      c.kind === 'group' ? [{ name: c.name, verbs: c.verbs.map((v) => ({ name: v.name, summary: v.summary })) }] : [],
    ),
    paths,
  };
}

function pathOf(key: string, spec: VerbSpec): CompletionPath {
  const options = Object.entries({ ...spec.options, help: HELP_OPTION });
  const spellings = (name: string, short?: string) => [`--${name}`, ...(short ? [`-${short}`] : [])];
  return {
    key,
    flags: options.map(([name]) => `--${name}`),
    valueFlags: options.filter(([, o]) => o.type === 'string').flatMap(([name, o]) => spellings(name, o.short)),
    choices: options.flatMap(([name, o]) => (o.choices ? [{ flags: spellings(name, o.short), values: o.choices }] : [])),
    argChoices: (spec.args ?? []).flatMap((a) => a.choices ?? []),
  };
}
