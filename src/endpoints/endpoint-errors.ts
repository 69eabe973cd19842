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

/** SageMaker's "Cannot create already existing …" (records are immutable: delete first, or pick a new name). */
export function alreadyExists(kind: RecordKind, name: string): GodwitError {
  return new GodwitError(CODES[kind].exists, `Cannot create already existing ${kind} "${name}".`, {
    hint: `Pick another name, or delete the ${kind} first.`,
  });
}

/** SageMaker's "Could not find …". */
export function notFound(kind: RecordKind, name: string): GodwitError {
  return new GodwitError(CODES[kind].missing, `Could not find ${kind} "${name}".`, {
    hint: `See what exists with: ${CODES[kind].list}`,
  });
}
