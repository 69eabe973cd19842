/**
 * The `workflows:` key of godwit.config.yaml: what a state machine's Lambda functions and SQS
 * queues are here (docs/workflows-integrations.md). Keys are patterns, a glob (`*`, `?`) or an
 * exact name (a function name; a queue URL):
 *
 * ```yaml
 * workflows:
 *   lambdas:
 *     score-*: { command: [python3, ./score.py] }   # JSON event on stdin, JSON result on stdout
 *     enrich: { module: ./enrich.ts#handler }      # an exported (async) function, loaded with tsx
 *   queues:
 *     https://sqs.us-east-1.amazonaws.com/000000000000/approvals: { command: [./notify.sh] }
 *     "https://sqs.*.amazonaws.com/?*": { event: true }   # any other queue: an event on the bus
 * ```
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { GodwitError } from '../core/errors.js';
import { nameMatches } from './config-images.js';

export interface LambdaEntry {
  readonly pattern: string;
  readonly command?: readonly string[];
  /** `module: ./file.ts#export`: the file (absolute) and the export (`default` when not given). */
  readonly module?: { readonly file: string; readonly exportName: string };
  readonly file: string;
}

export interface QueueEntry {
  readonly pattern: string;
  readonly command?: readonly string[];
  /** Publish each message as a `Godwit Queue Message` event on the default bus. */
  readonly event?: boolean;
  readonly file: string;
}

export interface WorkflowsConfig {
  readonly lambdas: readonly LambdaEntry[];
  readonly queues: readonly QueueEntry[];
}

const HINT =
  'workflows: takes lambdas: { "<name or glob>": { command: [program, args...] } | { module: ./file.ts#export } } and queues: { "<queue URL or glob>": { command: [...] } | { event: true } }; see docs/workflows-integrations.md.';

/** Checks one file's `workflows:` value: E_CONFIG naming the file and key when it is malformed. */
export function checkWorkflows(value: unknown, file: string): WorkflowsConfig {
  const bad = (key: string, what: string) => new GodwitError('E_CONFIG', `${file}: ${key} ${what}`, { hint: HINT });
  if (!isRecord(value)) throw bad('workflows', 'must be a mapping with lambdas and queues.');
  for (const key of Object.keys(value)) {
    if (key !== 'lambdas' && key !== 'queues') throw bad(`workflows.${key}`, 'is not a key of workflows (lambdas, queues).');
  }
  const entries = (section: 'lambdas' | 'queues') => {
    const v = value[section] ?? {};
    if (!isRecord(v)) throw bad(`workflows.${section}`, 'must be a mapping of patterns to entries.');
    return Object.entries(v).map(([pattern, entry]) => {
      const key = `workflows.${section}."${pattern}"`;
      if (!isRecord(entry)) throw bad(key, 'must be a mapping.');
      return { pattern, entry, key };
    });
  };
  return {
    lambdas: entries('lambdas').map(({ pattern, entry, key }) => lambdaEntry(pattern, entry, key, file, bad)),
    queues: entries('queues').map(({ pattern, entry, key }) => queueEntry(pattern, entry, key, file, bad)),
  };
}

type Bad = (key: string, what: string) => GodwitError;

function lambdaEntry(pattern: string, entry: Record<string, unknown>, key: string, file: string, bad: Bad): LambdaEntry {
  const keys = Object.keys(entry);
  if (keys.length !== 1 || (keys[0] !== 'command' && keys[0] !== 'module'))
    throw bad(key, 'must have exactly one of command or module.');
  if (entry.command !== undefined) return { pattern, command: commandOf(entry.command, `${key}.command`, file, bad), file };
  const spec = entry.module;
  if (typeof spec !== 'string' || spec === '') throw bad(`${key}.module`, 'must name a file and an export: ./file.ts#handler.');
  const [path = '', exportName = 'default'] = spec.split('#');
  return { pattern, module: { file: isAbsolute(path) ? path : resolve(dirname(file), path), exportName }, file };
}

function queueEntry(pattern: string, entry: Record<string, unknown>, key: string, file: string, bad: Bad): QueueEntry {
  const keys = Object.keys(entry);
  if (keys.length !== 1 || (keys[0] !== 'command' && keys[0] !== 'event'))
    throw bad(key, 'must have exactly one of command or event.');
  if (entry.command !== undefined) return { pattern, command: commandOf(entry.command, `${key}.command`, file, bad), file };
  if (entry.event !== true) throw bad(`${key}.event`, 'must be true.');
  return { pattern, event: true, file };
}

function commandOf(value: unknown, key: string, file: string, bad: Bad): string[] {
  const command = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string' && c !== ''))
    throw bad(key, 'must be a program, or a non-empty list of strings (program and arguments).');
  // A program written as ./x is a file beside the config file.
  return command.map((c: string) => (/^\.\.?\//.test(c) ? resolve(dirname(file), c) : c));
}

/** Nearest layer first; a pattern in two layers takes the nearer one's entry. */
export function mergeWorkflows(layers: readonly (WorkflowsConfig | undefined)[]): WorkflowsConfig {
  const merge = <E extends { pattern: string }>(lists: readonly (readonly E[])[]) => {
    const seen = new Set<string>();
    return lists.flat().filter((e) => !seen.has(e.pattern) && seen.add(e.pattern) !== undefined);
  };
  return {
    lambdas: merge(layers.map((l) => l?.lambdas ?? [])),
    queues: merge(layers.map((l) => l?.queues ?? [])),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `workflows.queues` entry serving a queue URL, the first whose key matches (an exact URL or a
 * glob): the one lookup for `sqs:sendMessage` tasks and callback steps, so a queue has one
 * consumer whoever sends to it.
 */
export function queueFor(queues: readonly QueueEntry[], url: string): QueueEntry | undefined {
  return queues.find((q) => nameMatches(q.pattern, url));
}
