/**
 * An open-loop load: requests start on a fixed schedule (`rate` a second, spread evenly, checked
 * every millisecond) whether or not earlier ones have been answered, over a pool of kept-alive
 * connections, so a slower server does not slow the load down. At a rate below a server's
 * capacity the latency it shows is the server's own (parse, serve, write) rather than the queue
 * a closed loop at saturation builds behind every connection, which is what autocannon's p99
 * mostly measures. (autocannon's `overallRate` is no open loop: each connection sends its share
 * of a second's requests back to back when the second begins, then waits.)
 *
 * Latency is from the moment a request is handed to node's HTTP client to the end of its answer,
 * to the microsecond.
 */
import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  /** Requests answered with a 2xx during the run. */
  readonly ok: number;
  /** Non-2xx answers and connection errors. */
  readonly errors: number;
  /** Requests the generator could not start on time (it fell behind by more than 100 ms): a sign the rate is too high for this machine. */
  readonly late: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly rps: number;
}

export async function openLoop(
  url: string,
  headers: Record<string, string>,
  body: string,
  rate: number,
  seconds: number,
): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, noDelay: true } as ConstructorParameters<typeof Agent>[0]);
  const target = new URL(url);
  const payload = Buffer.from(body);
  const allHeaders = { ...headers, 'content-length': String(payload.length) };
  const latencies: number[] = [];
  let errors = 0;
  let late = 0;
  let started = 0;
  let inFlight = 0;
  const total = Math.round(rate * seconds);
  const begin = performance.now();
  const send = () => {
    const at = performance.now();
    inFlight++;
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: allHeaders, agent },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          inFlight--;
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300)
            latencies.push(performance.now() - at);
          else errors++;
        });
      },
    );
    req.on('error', () => {
      inFlight--;
      errors++;
    });
    req.end(payload);
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - begin) * rate) / 1000));
      // Requests more than 100 ms overdue are counted and skipped, not sent in a burst.
      const floor = Math.floor(((performance.now() - begin - 100) * rate) / 1000);
      if (started < floor) {
        late += floor - started;
        started = floor;
      }
      for (; started < due; started++) send();
      if (started >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - begin) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { ok: latencies.length, errors, late, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), rps: latencies.length / elapsed };
}
