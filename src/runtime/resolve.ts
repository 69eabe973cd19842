import { GodwitError } from '../core/errors.js';
import { getJsonPath } from '../core/json-path.js';
import type { ArtifactRecord } from '../meta/metadata-store.js';
import type { Condition, ParameterValue, Value } from '../pipeline/ir.js';
import { isRef } from '../pipeline/ir.js';
import type { CallbackStore } from '../pipelines/pipeline-records.js';
import type { ArtifactStore } from '../store/artifact-store.js';
import { joinKey } from '../store/keys.js';
import { pipelineModelName } from './model-names.js';
import type { RunInfo } from './step-context.js';

/** What finished steps produced, as the resolver reads it. The executor fills it in. */
export interface RunOutputs {
  readonly artifacts: Map<string, Map<string, ArtifactRecord>>;
  readonly metrics: Map<string, Record<string, number>>;
}

/** Extra bindings only a step's own process sees (its input and output paths). */
export interface PathBindings {
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * Turns IR values into concrete ones for a run: parameters, execution variables, artifact URIs,
 * property-file values (`JsonGet`), step metrics, model names, callback values and joins.
 */
export class ValueResolver {
  private readonly propertyFiles = new Map<string, unknown>();

  constructor(
    private readonly run: RunInfo,
    private readonly outputs: RunOutputs,
    private readonly store: ArtifactStore,
    /** Where callback steps' settled values are kept (the pipelines capability). */
    private readonly callbacks?: Pick<CallbackStore, 'callbackOf'>,
    /** The run a step's result comes from: another run's for a step reused from it (a cache hit, a selective execution). */
    private readonly origin: (step: string) => string = () => run.id,
  ) {}

  async resolve(value: Value, paths?: PathBindings): Promise<ParameterValue> {
    if (!isRef(value)) return value;
    switch (value.kind) {
      case 'Parameter': {
        const v = this.run.parameters[value.name];
        if (v === undefined)
          throw new GodwitError('E_PARAMETER', `Parameter "${value.name}" has no value in run ${this.run.id}.`);
        return v;
      }
      case 'ExecutionVariable':
        return value.name === 'ExecutionId'
          ? this.run.id
          : value.name === 'StartDateTime'
            ? this.run.startedAt.toISOString()
            : this.run.ir.name;
      case 'StepOutput':
        return this.artifact(value.step, value.output).uri;
      case 'JsonGet':
        return this.jsonGet(value.step, value.propertyFile, value.path);
      case 'StepMetric': {
        const m = this.outputs.metrics.get(value.step)?.[value.metric];
        if (m === undefined) {
          const known = Object.keys(this.outputs.metrics.get(value.step) ?? {});
          throw new GodwitError('E_METRIC_MISSING', `Step "${value.step}" reported no metric "${value.metric}".`, {
            hint: known.length ? `Metrics it reported: ${known.join(', ')}.` : 'It reported no metrics.',
          });
        }
        return m;
      }
      case 'ModelName':
        return pipelineModelName(this.run.id, value.step);
      case 'CallbackOutput':
        return this.callbackOutput(value.step, value.name);
      case 'Join': {
        const parts = await Promise.all(value.values.map((v) => this.resolve(v, paths)));
        return parts.map(String).join(value.on);
      }
      case 'InputPath':
      case 'OutputPath': {
        const table = value.kind === 'InputPath' ? paths?.inputs : paths?.outputs;
        const p = table?.[value.name];
        if (p === undefined) {
          throw new GodwitError(
            'E_PATH_REF',
            paths
              ? `${value.kind} "${value.name}" names no ${value.kind === 'InputPath' ? 'input' : 'output'} of this step.`
              : `${value.kind} "${value.name}" is only available in a step's own process args and env.`,
          );
        }
        return p;
      }
    }
  }

  /** A value the success of a callback step of this run carried, typed as the step declares it. */
  private async callbackOutput(step: string, name: string): Promise<ParameterValue> {
    const record = await this.callbacks?.callbackOf(this.origin(step), step);
    const value = record?.status === 'succeeded' ? record.outputParameters.find((p) => p.name === name) : undefined;
    if (!value)
      throw new GodwitError(
        'E_CALLBACK_OUTPUT',
        `Callback step "${step}" of run ${this.run.id} carried no output parameter "${name}".`,
        {
          hint: record
            ? `Its token is ${record.status}; it carried ${record.outputParameters.map((p) => p.name).join(', ') || 'no values'}.`
            : 'The step has not been called back yet; it may not have run.',
        },
      );
    const producer = this.run.ir.steps.find((s) => s.name === step);
    const type = producer?.type === 'callback' ? producer.outputParameters?.find((o) => o.name === name)?.type : undefined;
    return typedOutput(value.value, type);
  }

  artifact(step: string, output: string): ArtifactRecord {
    const record = this.outputs.artifacts.get(step)?.get(output);
    if (!record) {
      throw new GodwitError('E_ARTIFACT_MISSING', `Step "${step}" has no recorded output "${output}" in run ${this.run.id}.`, {
        hint: 'The step may not have run; check `godwit runs show`.',
      });
    }
    return record;
  }

  private async jsonGet(step: string, propertyFile: string, path: string): Promise<ParameterValue> {
    const producer = this.run.ir.steps.find((s) => s.name === step);
    const spec =
      producer && 'propertyFiles' in producer ? producer.propertyFiles?.find((p) => p.name === propertyFile) : undefined;
    if (!spec) throw new GodwitError('E_PROPERTY_FILE', `Step "${step}" declares no property file "${propertyFile}".`);
    const cacheKey = `${step}\0${propertyFile}`;
    if (!this.propertyFiles.has(cacheKey)) {
      const record = this.artifact(step, spec.output);
      const key = joinKey(keyOf(this.store, record.uri), spec.path);
      let text: string;
      try {
        text = (await this.store.get(key)).toString('utf8');
      } catch (err) {
        throw new GodwitError(
          'E_PROPERTY_FILE',
          `Property file "${propertyFile}" of step "${step}" is missing: no "${spec.path}" in its output "${spec.output}" (${record.uri}).`,
          { hint: `Files in that output: ${record.files.map((f) => f.path).join(', ') || 'none'}.`, cause: err },
        );
      }
      try {
        this.propertyFiles.set(cacheKey, JSON.parse(text));
      } catch (err) {
        throw new GodwitError(
          'E_PROPERTY_FILE',
          `Property file "${propertyFile}" of step "${step}" (${spec.path}) is not valid JSON.`,
          {
            cause: err,
          },
        );
      }
    }
    const doc = this.propertyFiles.get(cacheKey);
    const v = getJsonPath(doc, path);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    const top = doc && typeof doc === 'object' ? Object.keys(doc).join(', ') : typeof doc;
    throw new GodwitError(
      'E_PROPERTY_FILE',
      `JSON path "${path}" in property file "${propertyFile}" of step "${step}" ${v === undefined ? 'leads nowhere' : 'is not a number, string or boolean'}.`,
      { hint: `Top-level keys of the file: ${top}.` },
    );
  }

  async evaluate(c: Condition): Promise<boolean> {
    switch (c.op) {
      case 'and':
        for (const inner of c.conditions) if (!(await this.evaluate(inner))) return false;
        return true;
      case 'or':
        for (const inner of c.conditions) if (await this.evaluate(inner)) return true;
        return false;
      case 'not':
        return !(await this.evaluate(c.condition));
      case 'in': {
        const v = await this.resolve(c.value);
        for (const candidate of c.values) if (equal(v, await this.resolve(candidate))) return true;
        return false;
      }
      default: {
        const [l, r] = [await this.resolve(c.left), await this.resolve(c.right)];
        if (c.op === 'eq') return equal(l, r);
        const [a, b] = [numeric(l), numeric(r)];
        if (a === undefined || b === undefined) {
          throw new GodwitError(
            'E_CONDITION',
            `Cannot compare ${JSON.stringify(l)} ${c.op} ${JSON.stringify(r)}: both sides must be numbers.`,
          );
        }
        return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
      }
    }
  }
}

function numeric(v: ParameterValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Numbers compare by value even when one side came from a property file as a string. */
function equal(a: ParameterValue, b: ParameterValue): boolean {
  if (typeof a === typeof b) return a === b;
  const [x, y] = [numeric(a), numeric(b)];
  return x !== undefined && y !== undefined && x === y;
}

/** The store key of an artifact URI in this store (a URI ending in `/` gives the folder prefix). */
export function keyOf(store: ArtifactStore, uri: string): string {
  const key = store.keyOf(uri);
  if (key === undefined) {
    throw new GodwitError('E_STORE_UNSUPPORTED', `Artifact ${uri} is outside Godwit's artifact store (${store.uri('runs')}).`);
  }
  return key;
}

/** A callback value (a string on the wire) as its declared `OutputType`; a value that is not one stays a string. */
function typedOutput(value: string, type: string | undefined): ParameterValue {
  if (type === 'Boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if ((type === 'Integer' || type === 'Float') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}
