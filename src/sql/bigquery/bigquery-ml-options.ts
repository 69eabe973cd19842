/**
 * BigQuery ML's `OPTIONS (key = value, …)` and `STRUCT(value AS name, …)` lists, read into plain
 * values: strings, numbers, booleans, NULL and arrays of them (`hidden_units = [64, 32]`,
 * `input_label_cols = ['species']`); a tuple `('a', 0.5)` or `STRUCT('a', 0.5)` is an array
 * (`class_weights = [('Adelie', 1.0), …]`). LOAD DATA's reader (bigquery-options.ts) keeps
 * strings only; models need numbers and booleans typed.
 */
import { Unreadable } from '../sql-statement.js';
import { isWord, matchingClose, type Token } from '../sql-tokens.js';

export type MlValue = string | number | boolean | null | readonly MlValue[];

/** The tokens between `OPTIONS (` and its `)`, significant only. Keys are lower case. */
export function readMlOptions(sig: readonly Token[]): Map<string, MlValue> {
  const out = new Map<string, MlValue>();
  for (const part of splitTop(sig)) {
    if (part.length === 0) continue;
    if (!isWord(part[0]) || part[1]?.text !== '=')
      throw new Unreadable(`OPTIONS entries are key = value; found "${part.map((t) => t.text).join(' ')}"`);
    out.set(part[0].text.toLowerCase(), readValue(part.slice(2)));
  }
  return out;
}

/** `STRUCT(0.6 AS threshold, …)`'s fields by lower-case name. */
export function readStructFields(sig: readonly Token[]): Map<string, MlValue> {
  const out = new Map<string, MlValue>();
  for (const part of splitTop(sig)) {
    const as = part.findIndex((t) => isWord(t, 'AS'));
    if (as < 1 || as !== part.length - 2)
      throw new Unreadable(`STRUCT settings are written value AS name; found "${part.map((t) => t.text).join(' ')}"`);
    out.set((part[as + 1].value ?? part[as + 1].text).toLowerCase(), readValue(part.slice(0, as)));
  }
  return out;
}

export function readValue(sig: readonly Token[]): MlValue {
  const [first] = sig;
  if (!first) throw new Unreadable('an option has no value');
  if (first.text === '-' && sig[1]?.kind === 'number' && sig.length === 2) return -Number(sig[1].text);
  if (sig.length === 1) {
    if (first.kind === 'string') return first.value ?? '';
    if (first.kind === 'number') return Number(first.text);
    if (isWord(first, 'TRUE', 'FALSE')) return first.text.toUpperCase() === 'TRUE';
    if (isWord(first, 'NULL')) return null;
  }
  if (first.text === '[' && sig[sig.length - 1].text === ']') return readList(sig.slice(1, -1));
  const open = isWord(first, 'STRUCT') ? 1 : 0;
  if (sig[open]?.kind === 'open' && matchingClose(sig, open) === sig.length - 1) return readList(sig.slice(open + 1, -1));
  throw new Unreadable(`"${sig.map((t) => t.text).join(' ')}" is not a value Godwit reads (a string, number, boolean or [list])`);
}

function readList(sig: readonly Token[]): MlValue[] {
  return sig.length === 0 ? [] : splitTop(sig).map(readValue);
}

/** Splits at commas outside parentheses and brackets (`[1, 2]` is one part). */
export function splitTop(sig: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of sig) {
    if (t.kind === 'open' || t.text === '[') depth++;
    if (t.kind === 'close' || t.text === ']') depth--;
    if (t.kind === 'comma' && depth === 0) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}
