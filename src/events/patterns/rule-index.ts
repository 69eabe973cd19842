import { compilePattern, type EventMatcher } from './compile-pattern.js';
import type { ObjectNode } from './pattern-ast.js';

interface Entry<R> {
  readonly order: number;
  readonly rule: R;
  readonly matches: EventMatcher;
}

/** Rules whose pattern pins a field to exact strings, by those strings; the rest beside them. */
interface Bucket<R> {
  readonly byValue: Map<string, Entry<R>[]>;
  readonly rest: Entry<R>[];
}

/** The top-level fields the index keys on, most selective first: every envelope has both. */
const KEYS = ['source', 'detail-type'] as const;

/**
 * Many rules against one event, without testing every rule: a rule whose pattern pins `source`
 * (top level, exact strings only, outside `$or`) is filed under each of those sources, and
 * within a source under its exact `detail-type`s the same way; an event is tested only against
 * the rules filed under its own source and detail-type and the rules that pin neither. Each
 * pattern is compiled to closures once (`compile-pattern.ts`). The answer is the same as testing
 * every rule, in the order the rules were given.
 */
export class RuleIndex<R> {
  private readonly bySource = new Map<string, Bucket<R>>();
  private readonly anySource: Bucket<R> = { byValue: new Map(), rest: [] };
  private readonly all: readonly Entry<R>[];

  constructor(rules: readonly { readonly rule: R; readonly pattern: ObjectNode }[]) {
    this.all = rules.map(({ rule, pattern }, order) => ({ order, rule, matches: compilePattern(pattern) }));
    for (const [i, { pattern }] of rules.entries()) this.file(pattern, this.all[i] as Entry<R>);
  }

  get size(): number {
    return this.all.length;
  }

  /** The rules whose pattern matches `event`, in the order given. */
  match(event: object): R[] {
    const source = (event as { source?: unknown }).source;
    const detailType = (event as { 'detail-type'?: unknown })['detail-type'];
    if (typeof source !== 'string' || typeof detailType !== 'string')
      return this.all.filter((e) => e.matches(event)).map((e) => e.rule);
    const out: Entry<R>[] = [];
    const bucket = this.bySource.get(source);
    if (bucket) {
      test(bucket.byValue.get(detailType), event, out);
      test(bucket.rest, event, out);
    }
    test(this.anySource.byValue.get(detailType), event, out);
    test(this.anySource.rest, event, out);
    if (out.length > 1) out.sort((a, b) => a.order - b.order);
    return out.map((e) => e.rule);
  }

  private file(pattern: ObjectNode, entry: Entry<R>): void {
    const [sources, detailTypes] = KEYS.map((k) => pinned(pattern, k));
    const buckets = sources ? sources.map((s) => bucketOf(this.bySource, s)) : [this.anySource];
    for (const bucket of buckets) {
      if (detailTypes) for (const d of detailTypes) listOf(bucket.byValue, d).push(entry);
      else bucket.rest.push(entry);
    }
  }
}

function test<R>(entries: readonly Entry<R>[] | undefined, event: unknown, out: Entry<R>[]): void {
  if (entries) for (const e of entries) if (e.matches(event)) out.push(e);
}

/** The exact strings a pattern requires of a top-level field, or undefined if it allows anything else. */
function pinned(pattern: ObjectNode, name: string): readonly string[] | undefined {
  const field = pattern.fields.find((f) => f.name === name);
  if (field?.node.kind !== 'leaf') return undefined;
  const values: string[] = [];
  for (const m of field.node.matchers) {
    if (m.kind !== 'exact' || typeof m.value !== 'string') return undefined;
    values.push(m.value);
  }
  return [...new Set(values)];
}

function bucketOf<R>(map: Map<string, Bucket<R>>, key: string): Bucket<R> {
  const bucket = map.get(key) ?? { byValue: new Map(), rest: [] };
  map.set(key, bucket);
  return bucket;
}

function listOf<R>(map: Map<string, Entry<R>[]>, key: string): Entry<R>[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}
