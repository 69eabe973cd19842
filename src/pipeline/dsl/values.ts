/**
 * Values of the DSL: parameters, execution variables, joins and property files. Every one is a
 * frozen IR node (`param.float('mse_threshold', 6)` → `{ kind: 'Parameter', name: 'mse_threshold' }`)
 * usable wherever the IR takes a `Value`.
 */
import type {
  ExecutionVariableName,
  ExecutionVariableRef,
  JoinRef,
  ParameterRef,
  ParameterSpec,
  ParameterType,
  ParameterValue,
  PropertyFileSpec,
  Value,
} from '../ir.js';

/** Where a parameter handle keeps its spec; `pipeline()` reads it, the IR never sees it. */
export const PARAMETER_SPEC = Symbol('godwit.parameterSpec');

/** A parameter handle: usable wherever a `Value` is, and carries its spec for `pipeline()`. */
export type Parameter = ParameterRef & { readonly [PARAMETER_SPEC]: ParameterSpec };

function makeParam(type: ParameterType) {
  return (name: string, defaultValue?: ParameterValue, description?: string): Parameter => {
    const spec: ParameterSpec = Object.freeze({
      name,
      type,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
      ...(description === undefined ? {} : { description }),
    });
    return Object.freeze({ kind: 'Parameter', name, [PARAMETER_SPEC]: spec }) as Parameter;
  };
}

export const param = Object.freeze({
  string: makeParam('string'),
  integer: makeParam('integer'),
  float: makeParam('float'),
  boolean: makeParam('boolean'),
});

export const execution = Object.freeze({
  id: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'ExecutionId' }),
  startTime: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'StartDateTime' }),
  pipelineName: ref<ExecutionVariableRef>({ kind: 'ExecutionVariable', name: 'PipelineName' }),
});

export function executionVariable(name: ExecutionVariableName): ExecutionVariableRef {
  return ref({ kind: 'ExecutionVariable', name });
}

export function ref<T extends object>(node: T): T {
  return Object.freeze(node);
}

/** Strips DSL-only decorations (parameter specs) so the IR is plain JSON. */
export function plain(value: Value): Value {
  if (typeof value !== 'object' || value === null) return value;
  if (value.kind === 'Parameter') return ref<ParameterRef>({ kind: 'Parameter', name: value.name });
  if (value.kind === 'Join') return ref<JoinRef>({ kind: 'Join', on: value.on, values: value.values.map(plain) });
  return value;
}

export function plainRecord(r: Readonly<Record<string, Value>> | undefined): Record<string, Value> | undefined {
  return r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]));
}

export function join(values: readonly Value[], on = ''): JoinRef {
  return ref({ kind: 'Join', on, values: Object.freeze(values.map(plain)) });
}

/** A property file declaration (SageMaker `PropertyFile`). */
export function propertyFile(name: string, output: string, path: string): PropertyFileSpec {
  return Object.freeze({ name, output, path });
}
