/**
 * autocannon in a process of its own, so the load generator never shares a CPU budget or an event
 * loop with what it measures: `node --import tsx byoc-load.ts '<json>'` with
 * `{ url, connections, seconds, body, contentType }`; prints one JSON line with requests per
 * second, latency percentiles (ms), errors and non-2xx answers.
 */
import { createRequire } from 'node:module';

interface Options {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly body: string;
  readonly contentType: string;
}

interface Result {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly duration: number;
}

// autocannon ships no types; this is the part of its programmatic API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Promise<Result>;

const o = JSON.parse(process.argv[2] ?? '{}') as Options;
const result = await autocannon({
  url: o.url,
  method: 'POST',
  connections: o.connections,
  duration: o.seconds,
  body: o.body,
  headers: { 'content-type': o.contentType },
});
console.log(
  JSON.stringify({
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
