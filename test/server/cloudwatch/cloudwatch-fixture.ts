import { join } from 'node:path';
import { systemClock } from '../../../src/core/clock.js';
import { godwitHome } from '../../../src/core/home.js';
import { openMetadata } from '../../../src/meta/index.js';
import { type RunningServer, startServer } from '../../../src/server/start-server.js';
import { scratchDir } from '../../helpers/scratch.js';

/** A server on a fresh home, for the CloudWatch door; `metadata()` opens the same home's database beside it. */
export async function cloudwatchServer() {
  const home = godwitHome(join(scratchDir('godwit-cloudwatch-'), 'home'));
  const lines: string[] = [];
  const server: RunningServer = await startServer(home, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l) });
  return { home, server, url: server.url, lines, metadata: () => openMetadata(home, systemClock, {}) };
}

/** Now, floored to the minute, minus `minutes`: data timestamps inside CloudWatch's two-week window. */
export function minutesAgo(minutes: number): Date {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000);
}
