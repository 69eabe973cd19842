import { GodwitError } from '../core/errors.js';

/** The three kinds of record the catalog keeps, as SageMaker's messages name them. */
export type RecordKind = 'model' | 'endpoint configuration' | 'endpoint';

const CODES = {
  model: { exists: 'E_MODEL_EXISTS', missing: 'E_MODEL_NOT_FOUND', list: 'godwit endpoint list --models' },
  'endpoint configuration': {
    exists: 'E_ENDPOINT_CONFIG_EXISTS',
    missing: 'E_ENDPOINT_CONFIG_NOT_FOUND',
    list: 'godwit endpoint list --configs',
  },
  endpoint: { exists: 'E_ENDPOINT_EXISTS', missing: 'E_ENDPOINT_NOT_FOUND', list: 'godwit endpoint list' },
} as const;

/**
 * An error about one named record, carrying its kind and name so a front door can restate it in
 * its own terms (the SageMaker door names the record by ARN, as SageMaker does).
 */
export class RecordError extends GodwitError {
  constructor(
    code: ConstructorParameters<typeof GodwitError>[0],
    message: string,
    readonly kind: RecordKind,
    readonly recordName: string,
    hint: string,
  ) {
    super(code, message, { hint });
  }
}

/** SageMaker's "Cannot create already existing …" (records are immutable: delete first, or pick a new name). */
export function alreadyExists(
  kind: RecordKind,
  name: string,
  hint = `Pick another name, or delete the ${kind} first.`,
): RecordError {
  return new RecordError(CODES[kind].exists, `Cannot create already existing ${kind} "${name}".`, kind, name, hint);
}

/** SageMaker's "Could not find …". */
export function notFound(kind: RecordKind, name: string): RecordError {
  return new RecordError(
    CODES[kind].missing,
    `Could not find ${kind} "${name}".`,
    kind,
    name,
    `See what exists with: ${CODES[kind].list}`,
  );
}

/** SageMaker's "Cannot update in-progress endpoint": updates start only from InService (or Failed). */
export function inProgress(e: { readonly name: string; readonly status: string }): RecordError {
  return new RecordError(
    'E_ENDPOINT_IN_USE',
    `Cannot update in-progress endpoint "${e.name}" (status ${e.status}).`,
    'endpoint',
    e.name,
    `Wait until it is InService (godwit endpoint describe ${e.name}), then update it.`,
  );
}
