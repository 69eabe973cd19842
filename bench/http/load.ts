/**
 * The load generator, run in a process of its own so it never shares an event loop with the
 * server: `node load.ts PORT METHOD PATH CONNECTIONS SECONDS [BODY_BYTES]`. Each connection is a
 * raw keep-alive TCP socket that sends one request, waits for the whole response and sends the
 * next (no pipelining), the way autocannon and wrk do; a raw socket costs far less than
 * http.Agent, so the generator is not what limits the figure. Prints one JSON line:
 * { requests, seconds, rps, p50Ms, p99Ms, errors }.
 */
import { connect, type Socket } from 'node:net';

const [port, method, path, connections, seconds, bodyBytes = '0'] = process.argv.slice(2);
const body = Buffer.alloc(Number(bodyBytes), 'a');
const request = Buffer.concat([
  Buffer.from(
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n` +
      (body.length ? `Content-Type: text/csv\r\nContent-Length: ${body.length}\r\n` : '') +
      '\r\n',
  ),
  body,
]);

const latencies: number[] = [];
let errors = 0;
let running = true;
const deadline = performance.now() + Number(seconds) * 1000;

/** Resolves when the connection has made requests until the deadline. */
function drive(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    let buffered: Buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (!running || performance.now() >= deadline) {
        socket.end();
        return resolve();
      }
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < headEnd + 4 + length) return;
      if (!head.startsWith('HTTP/1.1 200')) errors++;
      buffered = buffered.subarray(headEnd + 4 + length);
      latencies.push(performance.now() - sentAt);
      send();
    });
    socket.on('error', () => {
      errors++;
      resolve();
    });
    socket.on('connect', send);
  });
}

const start = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, () => drive(connect(Number(port), '127.0.0.1'))));
running = false;
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, seconds: elapsed, rps: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), errors })}\n`,
);
