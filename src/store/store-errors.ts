/**
 * The errors stores throw, in one place so every backend uses the same codes and wording: callers
 * and the contract suite match on `code`.
 */
import { GodwitError } from '../core/errors.js';

export function notFound(uri: string): GodwitError {
  return new GodwitError('E_NOT_FOUND', `No artifact at ${uri}.`, {
    hint: 'Check the key, or list the folder to see what is there.',
  });
}

/** `putFile` of a local file that is not there. */
export function localNotFound(localPath: string, uri: string): GodwitError {
  return new GodwitError('E_NOT_FOUND', `No local file ${localPath} to store as ${uri}.`, {
    hint: 'Check the path; it is resolved against the working directory.',
  });
}

/** A key (or a symlink it runs through) would address something outside the store's root. */
export function keyEscapesRoot(key: string, why: string): GodwitError {
  return new GodwitError('E_KEY_ESCAPES_ROOT', `Refusing key ${JSON.stringify(key)}: ${why}.`, {
    hint: 'Keys are /-separated relative paths inside the store, such as "model/model.tar.gz".',
  });
}

export function checksumMismatch(uri: string, expected: string, actual: string): GodwitError {
  return new GodwitError(
    'E_CHECKSUM',
    `The artifact at ${uri} has SHA-256 ${actual}, but ${expected} was recorded when it was written: it changed or was corrupted since.`,
    { hint: 'Write it again (re-run the step that produced it) or delete it.' },
  );
}

/** The file store cannot hold `a` as an object and `a/b` at once. */
export function keyConflict(key: string, uri: string, why: string): GodwitError {
  return new GodwitError('E_KEY_CONFLICT', `Cannot write key ${JSON.stringify(key)} at ${uri}: ${why}.`, {
    hint: 'A key cannot be both an object and a folder of other keys in the file store; pick another key or delete the other one.',
  });
}

/** Any other I/O failure, wrapped so it names the artifact and keeps the cause. */
export function storeIo(action: string, uri: string, cause: unknown): GodwitError {
  if (cause instanceof GodwitError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new GodwitError('E_STORE_IO', `Could not ${action} ${uri}: ${detail}`, { cause });
}

/** Node's errno code of an error, if any. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
