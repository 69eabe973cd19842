/**
 * A local HTTP server standing in for a cloud API: it records every request exactly as it
 * arrived (method, path, headers, raw body) and answers through a handler that mimics the service.
 * No cloud is reachable from the test machine; what the official SDKs put on the wire is checked.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
}

export type Handler = (req: Recorded) => Reply;

export interface FakeCloud {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

export async function startFakeCloud(handler: Handler): Promise<FakeCloud> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = handler(recorded);
      } catch (err) {
        reply = { status: 500, json: { message: `fake cloud: ${(err as Error).message}` } };
      }
      const body = reply.json === undefined ? '' : JSON.stringify(reply.json);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function bodyJson(r: Recorded): Record<string, unknown> {
  return JSON.parse(r.body.toString('utf8'));
}

/** A multipart body parsed the way a server would (undici's FormData parser). */
export async function formData(r: Recorded): Promise<FormData> {
  return new Response(new Uint8Array(r.body), { headers: { 'content-type': String(r.headers['content-type']) } }).formData();
}
