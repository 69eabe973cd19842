import { isIP } from 'node:net';
import type { Cidr } from './pattern-ast.js';

/**
 * The value tests a leaf needs, shared by the compiled matcher and the interpreter: wildcards
 * (`*` any run of characters, `\*` a star, `\\` a backslash), CIDR blocks and numeric limits.
 */

/** EventBridge's numeric matching range (the guide: −5.0e9 to +5.0e9 inclusive). */
export const NUMERIC_LIMIT = 5e9;

/**
 * A wildcard's literal pieces between its unescaped stars, or an error message naming the
 * position as EventBridge does. `['a', 'b']` is `a*b`; `['', 'x']` is `*x`.
 */
export function wildcardPieces(pattern: string): readonly string[] | string {
  const pieces: string[] = [];
  let piece = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${i}`;
      piece += next;
      i++;
    } else if (ch === '*') {
      if (pattern[i + 1] === '*') return `Consecutive wildcard characters at pos ${i + 1}`;
      pieces.push(piece);
      piece = '';
    } else piece += ch;
  }
  pieces.push(piece);
  return pieces;
}

/** Whether `value` matches the wildcard whose pieces are `pieces` (greedy: each piece at its first place after the last). */
export function wildcardMatches(pieces: readonly string[], value: string): boolean {
  const last = pieces.length - 1;
  const first = pieces[0] as string;
  if (last === 0) return value === first;
  if (!value.startsWith(first)) return false;
  const tail = pieces[last] as string;
  if (value.length < first.length + tail.length || !value.endsWith(tail)) return false;
  let at = first.length;
  const end = value.length - tail.length;
  for (let i = 1; i < last; i++) {
    const piece = pieces[i] as string;
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** An IPv4 or IPv6 address as a number, or undefined when `text` is neither. */
export function ipValue(text: string): { readonly version: 4 | 6; readonly value: bigint } | undefined {
  const version = isIP(text);
  if (version === 4) {
    const value = text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
    return { version, value };
  }
  if (version === 6) return { version, value: ipv6Value(text) };
  return undefined;
}

function ipv6Value(text: string): bigint {
  let groups: string[];
  const tail = text.includes('.') ? text.slice(text.lastIndexOf(':') + 1) : undefined;
  const body = tail ? `${text.slice(0, text.lastIndexOf(':') + 1)}0:0` : text;
  if (body.includes('::')) {
    const [head, rest] = body.split('::') as [string, string];
    const h = head ? head.split(':') : [];
    const r = rest ? rest.split(':') : [];
    groups = [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  } else groups = body.split(':');
  let value = groups.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (tail) value = (value & ~0xffffffffn) | (ipValue(tail)?.value ?? 0n);
  return value;
}

/** A CIDR block, or an error message. */
export function parseCidr(text: string): Cidr | string {
  const parts = text.split('/');
  if (parts.length !== 2) return `Malformed CIDR, one '/' required`;
  const ip = ipValue(parts[0] as string);
  const bits = Number(parts[1]);
  if (!ip) return `Nonstandard IP address: ${parts[0]}`;
  const width = ip.version === 4 ? 32 : 128;
  if (!/^\d+$/.test(parts[1] as string) || bits > width) return `Malformed CIDR, mask bits must be between 0 and ${width}`;
  return { version: ip.version, network: ip.value >> BigInt(width - bits), bits };
}

export function cidrContains(cidr: Cidr, value: string): boolean {
  const ip = ipValue(value);
  if (!ip || ip.version !== cidr.version) return false;
  const width = ip.version === 4 ? 32 : 128;
  return ip.value >> BigInt(width - cidr.bits) === cidr.network;
}
