import { GodwitError } from '../core/errors.js';

/**
 * The path syntax of `JsonGet` (SageMaker's `json_path` without the leading `$`): keys joined by
 * dots, array indexes and quoted keys in brackets.
 *
 * ```
 * regression_metrics.mse.value   → ['regression_metrics', 'mse', 'value']
 * items[0].score                 → ['items', 0, 'score']
 * metrics['f1 score']            → ['metrics', 'f1 score']
 * ```
 */
export function parseJsonPath(path: string): readonly (string | number)[] {
  const result = tryParseJsonPath(path);
  if (typeof result === 'string') throw new GodwitError('E_JSON_PATH', `JSON path "${path}" is not valid: ${result}`);
  return result;
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;

/** The path's segments, or a sentence saying what is wrong with it. */
export function tryParseJsonPath(path: string): (string | number)[] | string {
  if (path === '') return 'it is empty; name a key, e.g. "metrics.accuracy".';
  if (path.startsWith('$')) return `leave out the leading "$": write "${path.replace(/^\$\.?/, '')}".`;
  const segments: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith('[')) {
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(['"])(.*?)\1\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        segments.push(quoted[2]);
        i += quoted[0].length;
      } else return `at position ${i}: a bracket holds an index like [0] or a quoted key like ['name'].`;
      continue;
    }
    if (segments.length > 0) {
      if (!rest.startsWith('.')) return `unexpected "${rest[0]}" at position ${i}.`;
      i += 1;
    }
    const key = BARE_KEY.exec(path.slice(i));
    if (!key) {
      const found = path[i] === undefined ? 'the end' : `"${path[i]}"`;
      return `expected a key at position ${i}, found ${found}; quote unusual keys as ['my key'].`;
    }
    segments.push(key[0]);
    i += key[0].length;
  }
  return segments;
}

/** Reads `path` from a parsed JSON document; `undefined` where it leads nowhere. */
export function getJsonPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of parseJsonPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}
