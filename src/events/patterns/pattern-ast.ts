/**
 * An event pattern, parsed and validated (`parse-pattern.ts`), in the shape both matchers read:
 * the compiled one (`compile-pattern.ts`, closures built once) and the naive interpreter
 * (`interpret-pattern.ts`, the benchmark's baseline and the compiled one's cross-check).
 *
 * A pattern has the event's structure: an object node per object level, and at each leaf the
 * array of match values, any of which may match. `$or` at an object level is a list of
 * alternative object nodes, combined with the level's other fields by AND.
 */
export interface ObjectNode {
  readonly kind: 'object';
  readonly fields: readonly FieldNode[];
  /** Each entry is one `$or`: the node matches only if, for each, some alternative matches. */
  readonly ors: readonly (readonly ObjectNode[])[];
}

export interface FieldNode {
  readonly name: string;
  readonly node: ObjectNode | LeafNode;
}

export interface LeafNode {
  readonly kind: 'leaf';
  readonly matchers: readonly Matcher[];
}

export type Scalar = string | number | boolean | null;

/** `>`/`>=` as the lower bound, `<`/`<=` as the upper; `=` is both, inclusive. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** An IPv4 or IPv6 network: `bits` of `network` are significant. */
export interface Cidr {
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly bits: number;
}

export type Matcher =
  | { readonly kind: 'exact'; readonly value: Scalar }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string }
  | { readonly kind: 'numeric'; readonly lower?: Bound; readonly upper?: Bound }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'cidr'; readonly value: Cidr }
  | { readonly kind: 'anything-but'; readonly not: AnythingBut };

/** What `anything-but` excludes: values (all strings or all numbers), or one prefix / suffix, wildcards, or values ignoring case. */
export type AnythingBut =
  | { readonly kind: 'values'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'prefix'; readonly value: string }
  | { readonly kind: 'suffix'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly values: readonly string[] }
  | { readonly kind: 'equals-ignore-case'; readonly values: readonly string[] };
