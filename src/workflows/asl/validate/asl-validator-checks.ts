import { createRequire } from 'node:module';
import type { AslProblem } from './asl-problem.js';
import { containersOf, isObj, type Obj } from './asl-walk.js';

/**
 * The `asl-validator` package's checks (its JSON schemas for every state type and field, with
 * `asl-path-validator` parsing JSONPath paths, payload templates and intrinsic function calls;
 * duplicate state names; duplicate fields after `.$` renaming; the "at most one of" field pairs).
 *
 * The package's entry point builds a new Ajv and compiles all its schemas on every call (about a
 * second on a loaded machine), so this module compiles its schemas once, with the same formats,
 * and calls its individual checks; the package is loaded on first use. Where it is not installed
 * (an install without dev dependencies), its checks are skipped and Godwit's own still run.
 */

interface PackageError {
  readonly 'Error code': string;
  readonly Message: string;
  readonly schemaError?: { readonly instancePath: string };
}
type Check = (definition: Obj, options: object) => PackageError[];
interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: { readonly format?: string; readonly additionalProperty?: string };
}

interface Loaded {
  readonly validate: ((definition: unknown) => boolean) & { errors?: AjvError[] | null };
  readonly checks: readonly Check[];
}

let loaded: Loaded | undefined;

const SCHEMAS = [
  'common',
  'paths',
  'jsonata',
  'choice',
  'fail',
  'parallel',
  'pass',
  'base-state-machine',
  'state-machine',
  'state',
  'succeed',
  'task',
  'wait',
  'map',
  'errors',
];

/** Where the package is, or undefined where it is not installed (an install without dev dependencies). */
function packageMain(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('asl-validator');
  } catch {
    return undefined;
  }
}

function load(): Loaded | undefined {
  if (loaded) return loaded;
  const main = packageMain();
  if (main === undefined) return undefined;
  const req = createRequire(main);
  const Ajv = req('ajv').default;
  const ajv = new Ajv({ schemas: SCHEMAS.map((s) => req(`./schemas/${s}.json`)), allowUnionTypes: true });
  req('ajv-formats').default(ajv);
  const jsonata = req('jsonata');
  const compiles = (text: string): boolean => {
    try {
      jsonata(text.trim().replace(/^\{%/, '').replace(/%\}$/, ''));
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('jsonata_string', compiles);
  ajv.addFormat('maybe_jsonata_string', (v: string) => !(v.trim().startsWith('{%') || v.trim().endsWith('%}')) || compiles(v));
  req('asl-path-validator').registerAll(ajv);
  ajv.addFormat('asl_arn', req('./checks/formats').isArnFormatValid);
  const { stateChecks } = req('./checks/state-checks');
  const fieldPairs = stateCheckTable(req('./checks/state-checks'), req('./types').StateMachineErrorCode);
  loaded = {
    validate: ajv.getSchema('http://asl-validator.cloud/state-machine.json#'),
    checks: [
      req('./checks/duplicate-state-names-errors').duplicateStateNames,
      req('./checks/duplicate-payload-template-fields').mustNotHaveDuplicateFieldNamesAfterEvaluation,
      (d: Obj, o: object) => stateChecks(d, o, fieldPairs),
    ],
  };
  return loaded;
}

/** The package's "at most one / exactly one of these fields" checks (its validator.js list, less End/Next, which Godwit checks itself). */
function stateCheckTable(sc: Record<string, (arg: object) => unknown>, code: Record<string, string>): object[] {
  const rule = (type: string, props: string[], errorCode: string, kind = 'AtMostOne', path?: string) => ({
    filter: sc[`Is${type}`],
    checker: sc[kind]({ props, errorCode: code[errorCode], ...(path ? { path } : {}) }),
  });
  return [
    rule('Task', ['TimeoutSeconds', 'TimeoutSecondsPath'], 'TaskTimeoutError'),
    rule('Task', ['HeartbeatSeconds', 'HeartbeatSecondsPath'], 'TaskHeartbeatError'),
    rule('Map', ['ItemProcessor', 'Iterator'], 'MapItemProcessorError', 'ExactlyOne'),
    rule('Map', ['ItemSelector', 'Parameters'], 'MapItemSelectorError'),
    rule('Wait', ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'], 'WaitDurationError', 'ExactlyOne'),
    rule('Map', ['ToleratedFailureCount', 'ToleratedFailureCountPath'], 'MapToleratedFailureError'),
    rule('Map', ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'], 'MapToleratedFailureError'),
    rule('Map', ['MaxConcurrency', 'MaxConcurrencyPath'], 'MapMaxConcurrencyError'),
    rule('Map', ['Items', 'ItemsPath'], 'MapItemsError'),
    rule('Map', ['MaxItems', 'MaxItemsPath'], 'MapItemReaderMaxItemsError', 'AtMostOne', '$.ItemReader.ReaderConfig'),
    rule('Map', ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'], 'MapItemBatcherError', 'AtMostOne', '$.ItemBatcher'),
    rule('Map', ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'], 'MapItemBatcherError', 'AtMostOne', '$.ItemBatcher'),
    rule('Fail', ['Cause', 'CausePath'], 'FailCauseProperty'),
    rule('Fail', ['Error', 'ErrorPath'], 'FailErrorProperty'),
  ];
}

/** The package's schemas decide per state by its `QueryLanguage`, so each state gets its effective one (on a copy). */
function withLanguages(definition: Obj): Obj {
  const copy = structuredClone(definition);
  const language = copy.QueryLanguage ?? 'JSONPath';
  for (const container of containersOf(copy)) {
    for (const state of Object.values(container.states))
      if (isObj(state) && state.QueryLanguage === undefined) state.QueryLanguage = language;
  }
  return copy;
}

const FORMATS: Readonly<Record<string, string>> = {
  asl_path: 'is not a valid JSONPath',
  asl_ref_path: 'is not a valid reference path',
  asl_result_path: 'is not a valid ResultPath',
  asl_payload_template: 'is not a valid path, variable or intrinsic function call',
  asl_arn: 'is not a valid ARN',
  jsonata_string: 'is not a valid {% %} JSONata expression',
};

/** `/States/A/Parameters/x.$` → `State "A": field 'Parameters/x.$'`, naming the state and the field. */
function subject(location: string): string {
  const m = /^(?:.*\/)?States\/([^/]+)(?:\/(.*))?$/.exec(location);
  if (!m) return location ? `Field '${location.slice(1)}'` : 'The definition';
  const name = m[1].replaceAll('~1', '/').replaceAll('~0', '~');
  return m[2] ? `State "${name}": field '${m[2]}'` : `State "${name}"`;
}

/**
 * Schema problems at the deepest locations Ajv reports. The package's schemas try every state
 * type and both query languages (`oneOf`), so one mistake comes back as many failed
 * alternatives: per location, an unknown field is reported alone, and the bare "must match
 * exactly one schema in oneOf" only when nothing more specific is there.
 */
function schemaProblems(errors: readonly AjvError[]): AslProblem[] {
  const depth = (e: AjvError) => e.instancePath.split('/').length;
  const deepest = Math.max(...errors.map(depth));
  const byLocation = new Map<string, AjvError[]>();
  for (const e of errors.filter((x) => depth(x) === deepest))
    byLocation.set(e.instancePath, [...(byLocation.get(e.instancePath) ?? []), e]);
  const problems: AslProblem[] = [];
  for (const [location, group] of byLocation) {
    const unknown = group.filter((e) => e.keyword === 'additionalProperties');
    const specific = group.filter((e) => e.keyword !== 'oneOf');
    const chosen = unknown.length > 0 ? unknown : specific.length > 0 ? specific : group;
    const messages = new Set(chosen.map(describeError));
    for (const message of messages)
      problems.push({ code: 'SCHEMA_VALIDATION_FAILED', message: `${subject(location)} ${message}`, location: location || '/' });
  }
  return problems;
}

function describeError(e: AjvError): string {
  if (e.keyword === 'additionalProperties') return `has a field '${e.params?.additionalProperty}' that its type does not take`;
  const what = e.keyword === 'format' && e.params?.format ? FORMATS[e.params.format] : undefined;
  return what ?? e.message ?? 'is invalid';
}

/** Every problem the package finds; its structural checks run only on a definition its schemas accept, as the package does. */
export function aslValidatorProblems(definition: Obj): AslProblem[] {
  const pkg = load();
  // Without the package (it is a dev dependency today) Godwit's own checks stand alone.
  if (pkg === undefined) return [];
  const { validate, checks } = pkg;
  const copy = withLanguages(definition);
  if (!validate(copy)) return schemaProblems(validate.errors ?? []);
  return checks
    .flatMap((check) => check(copy, { checkPaths: true, checkArn: true }))
    .map((e) => ({
      code: e['Error code'],
      message: e.Message,
      location: e.schemaError?.instancePath || '/',
    }));
}
