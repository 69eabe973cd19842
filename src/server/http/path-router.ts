import { GodwitError } from '../../core/errors.js';

/**
 * The small router a REST front door needs: `GET /api/v1/runs/:id`, matched in the order given,
 * parameters percent-decoded. A path that matches with another method is told apart from one that
 * matches nothing, so the door can answer 405 rather than 404.
 */
export interface PathRoute<H> {
  readonly method: string;
  readonly pattern: string;
  readonly handler: H;
}

export type PathMatch<H> =
  | { readonly handler: H; readonly params: Readonly<Record<string, string>>; readonly pattern: string }
  | { readonly allowed: readonly string[] }
  | undefined;

export function pathRouter<H>(routes: readonly PathRoute<H>[]): (method: string, path: string) => PathMatch<H> {
  const compiled = routes.map((r) => ({ ...r, ...compile(r.pattern) }));
  return (method, path) => {
    const allowed: string[] = [];
    for (const r of compiled) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      const params = Object.fromEntries(r.names.map((name, i) => [name, decodeSegment(m[i + 1])]));
      return { handler: r.handler, params, pattern: r.pattern };
    }
    return allowed.length ? { allowed } : undefined;
  };
}

/** A percent-decoded path segment; malformed encoding (`%zz`) is the caller's error, not a crash. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GodwitError('E_REQUEST_PARAMETER', `The path segment "${segment}" is not valid percent-encoding.`);
  }
}

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}
