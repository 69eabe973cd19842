/**
 * What every step builder shares: the common options (names, policies, `dependsOn`), inputs and
 * outputs given as records, and the check that refuses an option name the builder does not know.
 * TypeScript catches a misspelled option in a typed object literal, but not in a variable, a
 * spread or a JavaScript file, and a builder that ignored it would yield a pipeline that
 * validates and silently lacks the option (`outptus`, `timeoutSecs`).
 */
import { GodwitError } from '../../core/errors.js';
import { closest } from '../../core/suggest.js';
import type { ArtifactType, CachePolicy, InputSpec, OutputSpec, ProcessSpec, RetryPolicy, Value } from '../ir.js';
import type { Step } from './step.js';
import { plain, plainRecord } from './values.js';

/** Option names a builder accepts: a `Record` over the options type, so the list cannot drift from it. */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Throws `E_DSL_OPTION` for every option name not in `allowed`, each with the closest valid one.
 *
 * ```ts
 * processing('prep', { command: ['node'], outptus: { train: 'dataset' } })
 * // GodwitError E_DSL_OPTION: Step "prep": processing() has no option "outptus". Did you mean "outputs"?
 * ```
 */
export function checkOptions(builder: string, where: string, given: object, allowed: object): void {
  if (typeof given !== 'object' || given === null) return;
  const names = Object.keys(allowed);
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(allowed, k));
  if (unknown.length === 0) return;
  const described = unknown.map((k) => {
    const best = closest(k, names);
    return best === undefined ? `"${k}"` : `"${k}" (did you mean "${best}"?)`;
  });
  const first = closest(unknown[0], names);
  const message =
    unknown.length === 1
      ? `${where}: ${builder} has no option "${unknown[0]}".${first === undefined ? '' : ` Did you mean "${first}"?`}`
      : `${where}: ${builder} has no options ${described.join(', ')}.`;
  throw new GodwitError('E_DSL_OPTION', message, { hint: `Options of ${builder}: ${names.join(', ')}.` });
}

export interface CommonOptions {
  displayName?: string;
  description?: string;
  dependsOn?: readonly Step[];
  retry?: RetryPolicy;
  cache?: CachePolicy;
  timeoutSeconds?: number;
}

export const COMMON_OPTIONS: OptionNames<CommonOptions> = {
  displayName: true,
  description: true,
  dependsOn: true,
  retry: true,
  cache: true,
  timeoutSeconds: true,
};

export const PROCESS_OPTIONS: OptionNames<ProcessSpec> = {
  image: true,
  command: true,
  code: true,
  entryPoint: true,
  args: true,
  env: true,
  contract: true,
};

/** The IR fields of `CommonOptions`, present only when given. */
export function common(name: string, o: CommonOptions) {
  return {
    name,
    ...(o.displayName ? { displayName: o.displayName } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.dependsOn?.length ? { dependsOn: o.dependsOn.map((s) => s.ir.name) } : {}),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}),
  };
}

/** An input: a reference or a path/URI, optionally with type and container destination. */
export type InputArg = Value | { source: Value; type?: ArtifactType; destination?: string };
/** An output: a type, or a type with the folder the process writes. */
export type OutputArg = ArtifactType | { type: ArtifactType; source?: string };

const INPUT_OPTIONS: OptionNames<Exclude<InputArg, Value>> = { source: true, type: true, destination: true };
const OUTPUT_OPTIONS: OptionNames<Exclude<OutputArg, ArtifactType>> = { type: true, source: true };

/** `{ raw: input_data, model: { source: train.output('model'), type: 'model' } }` → IR inputs. */
export function inputs(step: string, args: Readonly<Record<string, InputArg>> | undefined): InputSpec[] {
  return Object.entries(args ?? {}).map(([name, a]) => {
    if (typeof a === 'object' && a !== null && 'source' in a) {
      checkOptions('an input', `Step "${step}", input "${name}"`, a, INPUT_OPTIONS);
      return {
        name,
        source: plain(a.source),
        ...(a.type ? { type: a.type } : {}),
        ...(a.destination ? { destination: a.destination } : {}),
      };
    }
    return { name, source: plain(a as Value) };
  });
}

/** `{ train: 'dataset', report: { type: 'metrics', source: '/opt/ml/processing/report' } }` → IR outputs. */
export function outputs(step: string, args: Readonly<Record<string, OutputArg>> | undefined): OutputSpec[] {
  return Object.entries(args ?? {}).map(([name, a]) => {
    if (typeof a === 'string') return { name, type: a };
    checkOptions('an output', `Step "${step}", output "${name}"`, a, OUTPUT_OPTIONS);
    return { name, type: a.type, ...(a.source ? { source: a.source } : {}) };
  });
}

/** A process with references made plain; its field names checked like options. */
export function processSpec(step: string, builder: string, p: ProcessSpec): ProcessSpec {
  checkOptions(`${builder}'s process`, `Step "${step}"`, p, PROCESS_OPTIONS);
  return {
    ...p,
    ...(p.args ? { args: p.args.map(plain) } : {}),
    ...(p.env ? { env: plainRecord(p.env) } : {}),
  };
}
