/**
 * Bucket prefixes from one cloud to the other. Pairs come from `--bucket-map` first, then the two
 * profiles' artifact roots (`s3://sagemaker-us-east-1-123456789012/godwit` ↔
 * `gs://my-project-godwit/godwit`, and bucket to bucket when both roots use the same key prefix).
 * The longest matching prefix wins, on path boundaries. A bucket no pair covers keeps its name
 * under the other scheme, and the migration report asks a person to copy it or add a pair.
 *
 * ```ts
 * const buckets = new BucketMap('aws', 'gcp', [['s3://raw', 'gs://acme-raw']]);
 * buckets.map('s3://raw/abalone.csv'); // { uri: 'gs://acme-raw/abalone.csv', mapped: true }
 * buckets.map('s3://other/x.csv');     // { uri: 'gs://other/x.csv', mapped: false }
 * ```
 */

import type { TargetProfile } from '../compile/target.js';
import { GodwitError } from '../core/errors.js';
import { type Cloud, SCHEME } from './migration.js';

export class BucketMap {
  /** Source prefix → target prefix, longest source first. */
  private readonly pairs: [string, string][];
  private readonly fromScheme: string;
  private readonly toScheme: string;
  private readonly assumed = new Set<string>();
  private readonly usedPairs = new Set<string>();

  constructor(from: Cloud, to: Cloud, pairs: readonly (readonly [string, string])[]) {
    this.fromScheme = SCHEME[from];
    this.toScheme = SCHEME[to];
    this.pairs = pairs.map(([a, b]) => orient(a, b, this.fromScheme, this.toScheme)).sort((x, y) => y[0].length - x[0].length);
  }

  /** Pairs from the user's list, then from the profiles' artifact roots. */
  static fromProfiles(
    from: Cloud,
    to: Cloud,
    fromProfile: TargetProfile,
    toProfile: TargetProfile,
    extra: readonly (readonly [string, string])[] = [],
  ): BucketMap {
    const pairs: [string, string][] = extra.map(([a, b]) => [trim(a), trim(b)]);
    const a = trim(fromProfile.artifactRoot);
    const b = trim(toProfile.artifactRoot);
    if (a.startsWith(`${SCHEME[from]}://`) && b.startsWith(`${SCHEME[to]}://`)) {
      pairs.push([a, b]);
      const [bucketA, keyA] = split(a);
      const [bucketB, keyB] = split(b);
      if (keyA === keyB && keyA !== '') pairs.push([bucketA, bucketB]);
    }
    const unique = new Map(pairs.map((p) => [p[0], p]));
    return new BucketMap(from, to, [...unique.values()]);
  }

  /** The pairs in effect, longest source prefix first. */
  get entries(): readonly (readonly [string, string])[] {
    return this.pairs;
  }

  /** Source prefixes of the pairs some URI used. */
  get used(): readonly string[] {
    return [...this.usedPairs];
  }

  /** Buckets mapped by name only (no pair), as `s3://bucket`. */
  get assumedBuckets(): readonly string[] {
    return [...this.assumed].sort();
  }

  isSourceUri(value: string): boolean {
    return value.toLowerCase().startsWith(`${this.fromScheme}://`);
  }

  /** The URI on the target cloud; `mapped` is false when no pair covered it. Undefined for other values. */
  map(uri: string): { uri: string; mapped: boolean } | undefined {
    if (!this.isSourceUri(uri)) return undefined;
    for (const [from, to] of this.pairs) {
      if (uri === from || uri.startsWith(`${from}/`)) {
        this.usedPairs.add(from);
        return { uri: to + uri.slice(from.length), mapped: true };
      }
    }
    const [bucket] = split(uri);
    this.assumed.add(bucket);
    return { uri: `${this.toScheme}://${uri.slice(this.fromScheme.length + 3)}`, mapped: false };
  }
}

function trim(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** `s3://b/k/x` → [`s3://b`, `k/x`]. */
function split(uri: string): [string, string] {
  const m = /^([a-z0-9]+:\/\/[^/]+)\/?(.*)$/i.exec(uri);
  return m ? [m[1], m[2]] : [uri, ''];
}

function orient(a: string, b: string, fromScheme: string, toScheme: string): [string, string] {
  const is = (u: string, s: string) => u.toLowerCase().startsWith(`${s}://`);
  if (is(a, fromScheme) && is(b, toScheme)) return [trim(a), trim(b)];
  if (is(b, fromScheme) && is(a, toScheme)) return [trim(b), trim(a)];
  throw new GodwitError(
    'E_MIGRATE_BUCKET_MAP',
    `The bucket pair "${a}=${b}" does not pair a ${fromScheme}:// prefix with a ${toScheme}:// one.`,
    {
      hint: `Write it as --bucket-map ${fromScheme}://bucket/prefix=${toScheme}://bucket/prefix.`,
    },
  );
}

/** `s3://a=gs://b` → [`s3://a`, `gs://b`]; throws for anything else. */
export function parseBucketPair(text: string): [string, string] {
  const at = text.indexOf('=');
  const pair: [string, string] = [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  if (at < 0 || !/^(s3|gs):\/\/[^/]+/i.test(pair[0]) || !/^(s3|gs):\/\/[^/]+/i.test(pair[1])) {
    throw new GodwitError('E_MIGRATE_BUCKET_MAP', `--bucket-map "${text}" is not a pair of bucket URIs.`, {
      hint: 'Write it as --bucket-map s3://bucket/prefix=gs://bucket/prefix.',
    });
  }
  return pair;
}
