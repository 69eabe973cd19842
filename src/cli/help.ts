/**
 * Help text, generated from the command table only: usage lines, `--help` of every verb and noun,
 * and the `godwit --help` overview. Nothing here loads a command's code.
 */

import { type CommandSpec, type GroupSpec, HELP_OPTION, type OptionSpec, type VerbSpec } from './spec/command-spec.js';
import { aliasesOf, COMMANDS } from './spec/commands.js';

/** `godwit runs logs RUN_ID STEP [--attempt N]`: the path, then arguments, then every flag. */
export function usageOf(path: readonly string[], spec: VerbSpec): string {
  const args = (spec.args ?? []).map((a) => {
    const name = a.variadic ? `${a.name}...` : a.name;
    return a.optional ? `[${name}]` : name;
  });
  const options = Object.entries(spec.options);
  const flags = [
    ...options.filter(([, o]) => o.required).map(([name, o]) => flagWithValue(name, o)),
    ...options.filter(([, o]) => !o.required).map(([name, o]) => `[${flagWithValue(name, o)}]${o.multiple ? '...' : ''}`),
  ];
  if (spec.extraFlags) flags.push(`[--${spec.extraFlags.value}]...`);
  return ['godwit', ...path, ...args, ...flags].join(' ');
}

export function verbHelp(path: readonly string[], spec: VerbSpec): string {
  const usages = [usageOf(path, spec), ...(spec.altUsage ?? [])];
  const options: [string, string][] = Object.entries(spec.options).map(([name, o]) => [flagLabel(name, o), optionText(o)]);
  if (spec.extraFlags) options.push([`--${spec.extraFlags.value}`, spec.extraFlags.summary]);
  options.push([flagLabel('help', HELP_OPTION), HELP_OPTION.summary]);
  return [
    `Usage: ${usages.join('\n       ')}`,
    '',
    `${spec.summary}.`,
    ...(spec.description ? ['', spec.description] : []),
    '',
    'Options:',
    columns(options),
    '',
    spec.examples.length === 1 ? 'Example:' : 'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}

export function groupHelp(group: GroupSpec): string {
  const aliases = aliasesOf(group);
  return [
    `Usage: godwit ${group.name} <command> [options]`,
    '',
    `${group.summary}.`,
    ...(group.description ? ['', group.description] : []),
    ...(aliases.length ? ['', `Also spelled: godwit ${aliases.join(', godwit ')}.`] : []),
    '',
    'Commands:',
    columns(group.verbs.map((v) => [v.name, v.summary])),
    '',
    `Run "godwit ${group.name} <command> --help" for a command's options and an example.`,
    '',
    'Examples:',
    ...group.verbs.map((v) => `  ${v.examples[0]}`),
  ].join('\n');
}

export function overview(): string {
  return `godwit — run SageMaker / Vertex AI pipelines on one machine, then ship them to the cloud.

Usage: godwit <command> [options]
       godwit <noun> <verb> [options]

Commands:
${columns(COMMANDS.map((c) => [c.name, summaryOf(c)]))}

Run "godwit <command> --help" for a command's options and an example.
Godwit keeps runs, artifacts and metadata in .godwit/ under the current folder (GODWIT_HOME overrides).

Start here:  godwit demo`;
}

export function summaryOf(spec: CommandSpec): string {
  return spec.kind === 'group' ? `${spec.summary} (${spec.verbs.map((v) => v.name).join(', ')})` : spec.summary;
}

function flagLabel(name: string, o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}${flagWithValue(name, o)}`;
}

function flagWithValue(name: string, o: OptionSpec): string {
  if (o.type === 'boolean') return `--${name}`;
  return `--${name} ${o.value ?? (o.choices ? o.choices.join('|') : 'VALUE')}`;
}

function optionText(o: OptionSpec): string {
  return o.multiple ? `${o.summary} (repeatable)` : o.summary;
}

/** Two columns, the second aligned and wrapped under itself. */
function columns(rows: readonly (readonly [string, string])[]): string {
  const width = Math.min(28, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows
    .map(([left, right]) => {
      const pad = left.length + 2 > width ? `\n${' '.repeat(width + 2)}` : ' '.repeat(width - left.length);
      return `  ${left}${pad}${right.replaceAll('\n', `\n${' '.repeat(width + 2)}`)}`;
    })
    .join('\n');
}
