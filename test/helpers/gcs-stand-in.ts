/**
 * A request-level stand-in for the Google Cloud Storage JSON API (no GCS server exists for npm or
 * Debian): a node:http server answering the routes `@google-cloud/storage` 7 calls, with the real
 * API's response shapes and headers, so the official client runs unmodified against it.
 *
 * Routes: bucket get; object insert (`uploadType=multipart`, and `uploadType=resumable` session
 * start, chunked or streamed PUTs, `bytes *\/*` status checks); object get (metadata, or
 * `alt=media` with Range, `x-goog-hash` and `x-goog-stored-content-encoding`); list with `prefix`,
 * `maxResults` and `pageToken`; delete. Objects live in memory, one live generation each, as in a
 * bucket without versioning. `requests` records what the client sent, for tests to assert on.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  bytes: Buffer;
  generation: number;
  contentType: string;
  metadata: Record<string, string>;
  updated: Date;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface GcsStandInOptions {
  /** Buckets that exist. */
  readonly buckets: readonly string[];
  /** Objects per list page when the client gives no `maxResults`; the real API's default is 1000. */
  readonly pageSize?: number;
}

/** The object resource a client sends with an upload. */
interface Resource {
  name?: string;
  contentType?: string;
  md5Hash?: string;
  crc32c?: string;
  metadata?: Record<string, string>;
}

interface Upload {
  bucket: string;
  name: string;
  contentType: string;
  resource: Resource;
  received: Buffer[];
  size: number;
}

export class GcsStandIn {
  readonly objects = new Map<string, Map<string, StoredObject>>();
  readonly requests: RecordedRequest[] = [];
  /** When set, every request is refused with this status, as the API refuses bad credentials. */
  deny?: 401 | 403;
  /** When set, the next upload arrives with its first byte flipped, as if damaged on the way. */
  corruptNextUpload = false;
  private readonly uploads = new Map<string, Upload>();
  private server?: Server;
  private generation = 1_700_000_000_000_000;
  private uploadIds = 0;

  constructor(private readonly options: GcsStandInOptions) {
    for (const b of options.buckets) this.objects.set(b, new Map());
  }

  /** Starts listening on a loopback port and returns the endpoint (`http://127.0.0.1:port`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => send(res, 500, { error: { code: 500, message: String(err) } }));
    });
    // Google's front ends keep idle connections far longer than Node's default 5 s; a shorter
    // timeout races the client reusing a socket the server is closing (ECONNRESET).
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return this.endpoint;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = await readBody(req);
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body });
    if (this.deny) return apiError(res, this.deny, this.deny === 401 ? 'Invalid Credentials' : 'Access denied.');
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (upload) return this.upload(req, res, decodeURIComponent(upload[1]!), url.searchParams, body);
    const object = /^(?:\/storage\/v1)?\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    if (object) return this.object(req, res, decodeURIComponent(object[1]!), decodeURIComponent(object[2]!), url.searchParams);
    const list = /^(?:\/storage\/v1)?\/b\/([^/]+)\/o$/.exec(url.pathname);
    if (list && req.method === 'GET') return this.list(res, decodeURIComponent(list[1]!), url.searchParams);
    const bucket = /^(?:\/storage\/v1)?\/b\/([^/]+)$/.exec(url.pathname);
    if (bucket && req.method === 'GET') return this.bucketGet(res, decodeURIComponent(bucket[1]!));
    apiError(res, 404, `Not Found: ${req.method} ${url.pathname}`);
  }

  private bucketOr404(res: ServerResponse, bucket: string): Map<string, StoredObject> | undefined {
    const objects = this.objects.get(bucket);
    if (!objects) apiError(res, 404, 'The specified bucket does not exist.');
    return objects;
  }

  private bucketGet(res: ServerResponse, bucket: string) {
    if (!this.bucketOr404(res, bucket)) return;
    send(res, 200, {
      kind: 'storage#bucket',
      id: bucket,
      name: bucket,
      location: 'US',
      storageClass: 'STANDARD',
      metageneration: '1',
    });
  }

  private upload(req: IncomingMessage, res: ServerResponse, bucket: string, q: URLSearchParams, body: Buffer) {
    if (!this.bucketOr404(res, bucket)) return;
    const type = q.get('uploadType');
    if (type === 'multipart' && req.method === 'POST') {
      const [meta, media] = parseMultipart(body, String(req.headers['content-type']));
      const m = JSON.parse(meta!.body.toString('utf8')) as Resource;
      const name = q.get('name') ?? m.name ?? '';
      return this.finish(res, bucket, name, media!.body, m.contentType ?? media!.contentType, m, req.headers);
    }
    if (type === 'resumable' && req.method === 'POST') {
      const m: Resource = body.length ? JSON.parse(body.toString('utf8')) : {};
      const id = `upload-${++this.uploadIds}`;
      const contentType = String(req.headers['x-upload-content-type'] ?? m.contentType ?? 'application/octet-stream');
      this.uploads.set(id, { bucket, name: q.get('name') ?? '', contentType, resource: m, received: [], size: 0 });
      res.writeHead(200, {
        location: `${this.endpoint}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}`,
        'content-length': 0,
      });
      return void res.end();
    }
    if (type === 'resumable' && req.method === 'PUT') return this.resumablePut(req, res, q.get('upload_id') ?? '', body);
    apiError(res, 400, `Unsupported upload: ${req.method} uploadType=${type}`);
  }

  /** A PUT to a resumable session: `bytes a-b/total`, `bytes a-*\/total|*` (streamed) or `bytes *\/*` (status). */
  private resumablePut(req: IncomingMessage, res: ServerResponse, id: string, body: Buffer) {
    const up = this.uploads.get(id);
    if (!up) return apiError(res, 404, 'No such upload session.');
    const range = /^bytes (\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(String(req.headers['content-range'] ?? 'bytes */*'));
    if (!range) return apiError(res, 400, `Bad Content-Range ${req.headers['content-range']}`);
    if (range[1] !== '*') {
      if (Number(range[2]) !== up.size) return apiError(res, 400, `Upload offset ${range[2]} is not ${up.size}.`);
      up.received.push(body);
      up.size += body.length;
    }
    const total = range[4] === '*' ? undefined : Number(range[4]);
    const done = (range[3] === '*' && range[1] !== '*') || (total !== undefined && up.size === total);
    if (!done) {
      res.writeHead(308, up.size > 0 ? { range: `bytes=0-${up.size - 1}`, 'content-length': 0 } : { 'content-length': 0 });
      return void res.end();
    }
    this.uploads.delete(id);
    this.finish(res, up.bucket, up.name, Buffer.concat(up.received), up.contentType, up.resource, req.headers);
  }

  /**
   * Stores a finished upload, refusing it as GCS does when an MD5 or CRC32C the client sent (in the
   * resource or in `x-goog-hash`) disagrees with the bytes received; nothing is stored then.
   */
  private finish(
    res: ServerResponse,
    bucket: string,
    name: string,
    received: Buffer,
    contentType: string,
    resource: Resource,
    headers: IncomingMessage['headers'],
  ) {
    let bytes = received;
    if (this.corruptNextUpload && bytes.length > 0) {
      this.corruptNextUpload = false;
      bytes = Buffer.from(bytes);
      bytes[0] = bytes[0]! ^ 0xff;
    }
    const header = hashHeader(String(headers['x-goog-hash'] ?? ''));
    const md5 = resource.md5Hash ?? header.md5;
    const crc = resource.crc32c ?? header.crc32c;
    if (md5 && md5 !== md5Of(bytes))
      return apiError(res, 400, `Provided MD5 hash "${md5}" doesn't match calculated MD5 hash "${md5Of(bytes)}".`);
    if (crc && crc !== crc32cOf(bytes))
      return apiError(res, 400, `Provided CRC32C "${crc}" doesn't match calculated CRC32C "${crc32cOf(bytes)}".`);
    const metadata = resource.metadata ?? {};
    const obj: StoredObject = { bytes, generation: ++this.generation, contentType, metadata, updated: new Date() };
    this.objects.get(bucket)!.set(name, obj);
    send(res, 200, objectResource(bucket, name, obj));
  }

  private object(req: IncomingMessage, res: ServerResponse, bucket: string, name: string, q: URLSearchParams) {
    const objects = this.bucketOr404(res, bucket);
    if (!objects) return;
    const obj = objects.get(name);
    const generation = q.get('generation');
    if (!obj || (generation !== null && Number(generation) !== obj.generation))
      return apiError(res, 404, `No such object: ${bucket}/${name}`);
    if (req.method === 'DELETE') {
      objects.delete(name);
      res.writeHead(204);
      return void res.end();
    }
    if (req.method !== 'GET') return apiError(res, 405, 'Method not allowed');
    if (q.get('alt') !== 'media') return send(res, 200, objectResource(bucket, name, obj));
    this.media(req, res, obj);
  }

  private media(req: IncomingMessage, res: ServerResponse, obj: StoredObject) {
    const headers: Record<string, string | number> = {
      'content-type': obj.contentType,
      'x-goog-hash': `crc32c=${hashesOf(obj.bytes).crc32c},md5=${hashesOf(obj.bytes).md5}`,
      'x-goog-generation': obj.generation,
      'x-goog-metageneration': 1,
      'x-goog-stored-content-encoding': 'identity',
      'x-goog-stored-content-length': obj.bytes.length,
      etag: `"${md5Hex(obj.bytes)}"`,
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (!range) {
      res.writeHead(200, { ...headers, 'content-length': obj.bytes.length });
      return void res.end(obj.bytes);
    }
    const size = obj.bytes.length;
    const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    const end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    if (start >= size) return apiError(res, 416, 'Request range not satisfiable');
    res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
    res.end(obj.bytes.subarray(start, end + 1));
  }

  private list(res: ServerResponse, bucket: string, q: URLSearchParams) {
    const objects = this.bucketOr404(res, bucket);
    if (!objects) return;
    const prefix = q.get('prefix') ?? '';
    const names = [...objects.keys()]
      .filter((n) => n.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const pageSize = Number(q.get('maxResults') ?? this.options.pageSize ?? 1000);
    const after = q.get('pageToken') ? Buffer.from(q.get('pageToken')!, 'base64') : undefined;
    const from = after ? names.findIndex((n) => Buffer.compare(Buffer.from(n), after) > 0) : 0;
    const page = from === -1 ? [] : names.slice(from, from + pageSize);
    const more = from !== -1 && from + pageSize < names.length;
    send(res, 200, {
      kind: 'storage#objects',
      items: page.map((n) => objectResource(bucket, n, objects.get(n)!)),
      ...(more ? { nextPageToken: Buffer.from(page.at(-1)!, 'utf8').toString('base64') } : {}),
    });
  }
}

/** The JSON API's object resource. */
function objectResource(bucket: string, name: string, obj: StoredObject): Record<string, unknown> {
  const id = `${bucket}/${name}/${obj.generation}`;
  return {
    kind: 'storage#object',
    id,
    selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`,
    mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?generation=${obj.generation}&alt=media`,
    name,
    bucket,
    generation: String(obj.generation),
    metageneration: '1',
    contentType: obj.contentType,
    storageClass: 'STANDARD',
    size: String(obj.bytes.length),
    md5Hash: hashesOf(obj.bytes).md5,
    crc32c: hashesOf(obj.bytes).crc32c,
    etag: Buffer.from(id).toString('base64'),
    timeCreated: obj.updated.toISOString(),
    updated: obj.updated.toISOString(),
    ...(Object.keys(obj.metadata).length ? { metadata: obj.metadata } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The JSON API's error body: `{"error":{"code","message","errors":[…]}}`. */
function apiError(res: ServerResponse, code: number, message: string): void {
  const reason = { 400: 'invalid', 401: 'required', 403: 'forbidden', 404: 'notFound' }[code] ?? 'backendError';
  send(res, code, { error: { code, message, errors: [{ message, domain: 'global', reason }] } });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The parts of a `multipart/related` body. */
function parseMultipart(body: Buffer, contentType: string): { contentType: string; body: Buffer }[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { contentType: string; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    const part = body.subarray(start + 2, next - 2); // drop the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    parts.push({ contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '', body: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

function hashHeader(value: string): { crc32c?: string; md5?: string } {
  const out: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

// Hashes of a stored object's bytes, computed once per Buffer (a test that swaps `bytes` for
// other bytes gets new hashes, as a server would report for them).
const hashes = new WeakMap<Buffer, { md5: string; crc32c: string }>();
function hashesOf(b: Buffer): { md5: string; crc32c: string } {
  let h = hashes.get(b);
  if (!h) {
    h = { md5: createHash('md5').update(b).digest('base64'), crc32c: crc32cOf(b) };
    hashes.set(b, h);
  }
  return h;
}
const md5Of = (b: Buffer) => createHash('md5').update(b).digest('base64');
const md5Hex = (b: Buffer) => createHash('md5').update(b).digest('hex');

// CRC32C (Castagnoli), written here rather than taken from the client so the stand-in checks the
// client instead of agreeing with it.
const CRC32C_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** Base64 of the big-endian CRC32C, as the API writes it. */
export function crc32cOf(bytes: Buffer): string {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}
