import { GodwitError } from './errors.js';

/**
 * Splits a JsonGet path (`regression_metrics.mse.value`, `items[0].score`, `a["b.c"]`) into
 * keys and indices. SageMaker's JsonGet takes the same JMESPath-like subset.
 */
export function parseJsonPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let at = 0;
  re.lastIndex = 0;
  while (at < path.length) {
    m = re.exec(path);
    if (!m || m.index !== at) throw badPath(path, at);
    at = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) throw badPath(path, m.index);
      parts.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      parts.push(Number(m[2]));
      expectKey = false;
    } else if (m[3] !== undefined || m[4] !== undefined) {
      parts.push((m[3] ?? m[4]) as string);
      expectKey = false;
    } else {
      if (expectKey) throw badPath(path, m.index);
      expectKey = true;
    }
  }
  if (parts.length === 0 || expectKey) throw badPath(path, path.length);
  return parts;
}

function badPath(path: string, at: number): GodwitError {
  return new GodwitError('E_JSON_PATH', `JSON path "${path}" is not valid at character ${at + 1}.`, {
    hint: 'Use dotted keys and [index], e.g. regression_metrics.mse.value or items[0].score.',
  });
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
