import type { AccessEntry } from './http/http-server.js';

/**
 * The server's log lines. An access line holds only what `AccessEntry` holds (time, request id,
 * method, path without its query, status, door, operation, duration): no header, query string or
 * body ever reaches the log, so neither a SigV4 signature, an access key, a presigned URL's
 * signature nor a payload can be written there.
 */
export function accessLine(e: AccessEntry): string {
  return `${timeText(e.at)} ${e.status} ${e.method} ${e.path} ${e.door ?? '-'} ${e.operation ?? '-'} ${e.ms.toFixed(1)}ms ${e.requestId}`;
}

// `toISOString` per line was the access log's largest cost at thousands of requests a second:
// the text up to the second is made once per second and the milliseconds appended.
let lastSecond = Number.NaN;
let secondPrefix = '';

/** `at.toISOString()` (`at` a Date or ms since the epoch), the same text. */
export function timeText(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    secondPrefix = new Date(ms).toISOString().slice(0, 20);
  }
  const millis = ms - second * 1000;
  return `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

export function errorLines(err: unknown, requestId: string, at = new Date()): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `${at.toISOString()} error in request ${requestId}: ${text}`;
}

/**
 * Lines written to a stream in batches: one write per turn of the event loop, so a busy server
 * does not pay a system call per request (the log is a file or a terminal, written synchronously
 * by node). `flush` writes what is pending at once; call it before the process exits.
 */
export function batchedLines(stream: { write(text: string): unknown }): { write(line: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    stream.write(text);
  };
  return {
    write(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
