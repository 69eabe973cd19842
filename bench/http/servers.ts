/**
 * One benchmark server, started in its own process by run.ts: `tsx servers.ts <kind>`. It prints
 * its port on stdout and serves until killed. Every kind answers the same two routes:
 * - `GET /api/v1/health` → `{"status":"ok"}` (a trivial JSON route);
 * - `POST /endpoints/<name>/invocations` → reads the body and answers `{"name":…,"bytes":…}`,
 *   the shape of the later InvokeEndpoint serving path (route parameter + request body).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEALTH = JSON.stringify({ status: 'ok' });
const INVOKE = /^\/endpoints\/([^/]+)\/invocations$/;

async function bareNode(): Promise<Server> {
  // The small router a bare server would use: exact paths in a Map, then a few patterns.
  const exact = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>([
    [
      'GET /api/v1/health',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(HEALTH) });
        res.end(HEALTH);
      },
    ],
  ]);
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const handler = exact.get(`${req.method} ${path}`);
    if (handler) return handler(req, res);
    const m = req.method === 'POST' ? INVOKE.exec(path) : null;
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ name: m[1], bytes: Buffer.concat(chunks).length });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
}

async function fastify(): Promise<Server> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  // Bodies arrive as raw bytes, as an inference payload (CSV, images) would.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.get('/api/v1/health', async () => ({ status: 'ok' }));
  app.post<{ Params: { name: string } }>('/endpoints/:name/invocations', async (req) => ({
    name: req.params.name,
    bytes: (req.body as Buffer).length,
  }));
  await app.ready();
  return app.server;
}

async function hono(): Promise<Server> {
  const [{ Hono }, { createAdaptorServer }] = await Promise.all([import('hono'), import('@hono/node-server')]);
  const app = new Hono();
  app.get('/api/v1/health', (c) => c.json({ status: 'ok' }));
  app.post('/endpoints/:name/invocations', async (c) => {
    const body = await c.req.arrayBuffer();
    return c.json({ name: c.req.param('name'), bytes: body.byteLength });
  });
  return createAdaptorServer({ fetch: app.fetch }) as Server;
}

const KINDS: Record<string, () => Promise<Server>> = { node: bareNode, fastify, hono };
const make = KINDS[process.argv[2] ?? ''];
if (!make) throw new Error(`servers.ts: name one of ${Object.keys(KINDS).join(', ')}`);
const server = await make();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
