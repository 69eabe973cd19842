/**
 * A request-level stand-in for the BigQuery REST API (v2), for testing what Godwit sends through
 * `@google-cloud/bigquery` 8 and how it reads the answers. It runs no SQL: a test scripts the
 * outcome of a statement (its schema and rows in the API's wire form, its statistics, or its
 * error) and then asserts on the requests the client sent and on how Godwit parsed the scripted
 * shapes, never on figures as if BigQuery had computed them.
 *
 * Routes: jobs.insert (query, load, extract; dry runs answered at once), jobs.get (RUNNING for
 * `polls` calls, then DONE with the script's statistics or error), jobs.getQueryResults
 * (`jobComplete: false` while running, then pages by `maxResults` / `pageToken`), tables.get,
 * datasets.get and datasets.insert. `requests` records every request with its parsed JSON body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON bodies are read loosely, as a test reads them.
type Json = Record<string, any>;

export interface ScriptedOutcome {
  /** `schema.fields` as the API writes them. */
  readonly fields?: readonly Record<string, unknown>[];
  /** Rows in the API's wire form: `{f: [{v: '1'}, …]}`. */
  readonly rows?: readonly { f: readonly { v: unknown }[] }[];
  /** The job's `statistics.query` (or `.load` for a load job), values as the API's decimal strings. */
  readonly statistics?: Record<string, unknown>;
  /** `totalBytesProcessed` a dry run reports. */
  readonly dryRunBytes?: string;
  /** The job fails with this error (e.g. `{code: 400, reason: 'invalidQuery', message}`). */
  readonly error?: { code: number; reason: string; message: string };
  /** How many status calls see the job RUNNING before it is DONE; default 1. */
  readonly polls?: number;
  /** Plays BigQuery's side effect when the job finishes (writing export files into a bucket). */
  readonly onDone?: () => Promise<void>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly json: Json | undefined;
}

interface JobState {
  readonly resource: Json;
  readonly outcome: ScriptedOutcome;
  pollsLeft: number;
  finished?: Promise<void>;
}

export class BigQueryStandIn {
  readonly requests: RecordedRequest[] = [];
  /** `project.dataset.table` → the table resource tables.get returns. */
  readonly tables = new Map<string, Record<string, unknown>>();
  readonly datasets = new Set<string>();
  deny?: 401 | 403;
  private readonly scripts: { match: (text: string) => boolean; outcome: ScriptedOutcome }[] = [];
  private readonly jobs = new Map<string, JobState>();
  private server?: Server;

  /** The outcome of the next statements whose SQL (or load source URI) `match` accepts. */
  script(match: string | RegExp, outcome: ScriptedOutcome): void {
    const test = typeof match === 'string' ? (t: string) => t.includes(match) : (t: string) => match.test(t);
    this.scripts.unshift({ match: test, outcome });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => send(res, 500, { error: { code: 500, message: String(err) } }));
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** The configurations of the jobs inserted so far, in order. */
  get insertedJobs(): Json[] {
    return this.requests.filter((r) => r.method === 'POST' && /\/jobs$/.test(r.path)).map((r) => r.json!);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const text = await readBody(req);
    const json = text ? (JSON.parse(text) as Json) : undefined;
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, json });
    if (this.deny)
      return apiError(
        res,
        this.deny,
        this.deny === 401 ? 'authError' : 'accessDenied',
        'Request had invalid authentication credentials.',
      );
    const path = url.pathname.replace(/^\/bigquery\/v2\/projects\/([^/]+)/, '');
    const project = decodeURIComponent(/^\/bigquery\/v2\/projects\/([^/]+)/.exec(url.pathname)?.[1] ?? '');
    const routes: [string, RegExp, (m: string[]) => unknown][] = [
      ['POST', /^\/jobs$/, () => this.insertJob(res, project, json ?? {})],
      ['GET', /^\/jobs\/([^/]+)$/, (m) => this.getJob(res, m[1]!)],
      ['GET', /^\/queries\/([^/]+)$/, (m) => this.results(res, m[1]!, url.searchParams)],
      ['GET', /^\/datasets\/([^/]+)\/tables\/([^/]+)$/, (m) => this.getTable(res, project, m[1]!, m[2]!)],
      ['GET', /^\/datasets\/([^/]+)$/, (m) => this.getDataset(res, project, m[1]!)],
      ['POST', /^\/datasets$/, () => this.insertDataset(res, project, json ?? {})],
    ];
    for (const [method, pattern, route] of routes) {
      const m = pattern.exec(path);
      if (req.method === method && m) return route(m.map((part) => decodeURIComponent(part)));
    }
    apiError(res, 404, 'notFound', `Not found: ${req.method} ${url.pathname}`);
  }

  private outcomeFor(configuration: Json): ScriptedOutcome {
    const text = configuration.query?.query ?? (configuration.load?.sourceUris ?? []).join(' ');
    return this.scripts.find((s) => s.match(text))?.outcome ?? {};
  }

  private insertJob(res: ServerResponse, project: string, body: Json) {
    const configuration = body.configuration ?? {};
    const outcome = this.outcomeFor(configuration);
    const jobType = configuration.load ? 'LOAD' : configuration.extract ? 'EXTRACT' : 'QUERY';
    const location = body.jobReference?.location ?? 'US';
    if (configuration.dryRun) {
      if (outcome.error) return apiError(res, outcome.error.code, outcome.error.reason, outcome.error.message);
      const bytes = outcome.dryRunBytes ?? '0';
      return send(res, 200, {
        kind: 'bigquery#job',
        jobReference: { projectId: project, location },
        configuration: { ...configuration, jobType },
        status: { state: 'DONE' },
        statistics: {
          creationTime: String(Date.now()),
          totalBytesProcessed: bytes,
          query: { totalBytesProcessed: bytes, statementType: 'SELECT' },
        },
      });
    }
    const jobId = body.jobReference?.jobId;
    const resource = {
      kind: 'bigquery#job',
      etag: `"${jobId}"`,
      id: `${project}:${location}.${jobId}`,
      jobReference: { projectId: project, jobId, location },
      configuration: { ...configuration, jobType },
      status: { state: 'RUNNING' },
      statistics: { creationTime: String(Date.now()), startTime: String(Date.now()) },
    };
    this.jobs.set(jobId, { resource, outcome, pollsLeft: outcome.polls ?? 1 });
    send(res, 200, resource);
  }

  /** Advances a job one status call; DONE once its polls are used up (and its side effect played). */
  private async advance(job: JobState): Promise<boolean> {
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return false;
    }
    job.finished ??= (job.outcome.onDone ?? (async () => undefined))();
    await job.finished;
    return true;
  }

  private async getJob(res: ServerResponse, jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job) return apiError(res, 404, 'notFound', `Not found: Job ${jobId}`);
    if (!(await this.advance(job))) return send(res, 200, job.resource);
    const { outcome, resource } = job;
    const key = resource.configuration.jobType === 'LOAD' ? 'load' : 'query';
    const error = outcome.error && { reason: outcome.error.reason, message: outcome.error.message };
    send(res, 200, {
      ...resource,
      status: { state: 'DONE', ...(error ? { errorResult: error, errors: [error] } : {}) },
      statistics: { ...resource.statistics, endTime: String(Date.now()), [key]: outcome.statistics ?? {} },
    });
  }

  private async results(res: ServerResponse, jobId: string, q: URLSearchParams) {
    const job = this.jobs.get(jobId);
    if (!job) return apiError(res, 404, 'notFound', `Not found: Job ${jobId}`);
    const ref = job.resource.jobReference;
    if (!(await this.advance(job)))
      return send(res, 200, { kind: 'bigquery#getQueryResultsResponse', jobReference: ref, jobComplete: false });
    const { outcome } = job;
    if (outcome.error) return apiError(res, outcome.error.code, outcome.error.reason, outcome.error.message);
    const all = outcome.rows ?? [];
    const from = Number(q.get('pageToken') ?? 0);
    const size = Number(q.get('maxResults') ?? all.length) || all.length;
    const page = all.slice(from, from + size);
    const stats = outcome.statistics ?? {};
    send(res, 200, {
      kind: 'bigquery#getQueryResultsResponse',
      etag: `"${jobId}-${from}"`,
      jobReference: ref,
      jobComplete: true,
      cacheHit: false,
      ...(outcome.fields ? { schema: { fields: outcome.fields }, totalRows: String(all.length), rows: page } : {}),
      ...(from + size < all.length ? { pageToken: String(from + size) } : {}),
      ...(stats.totalBytesProcessed ? { totalBytesProcessed: stats.totalBytesProcessed } : {}),
      ...(stats.numDmlAffectedRows ? { numDmlAffectedRows: stats.numDmlAffectedRows } : {}),
    });
  }

  private getTable(res: ServerResponse, project: string, dataset: string, table: string) {
    const found = this.tables.get(`${project}.${dataset}.${table}`);
    if (!found) return apiError(res, 404, 'notFound', `Not found: Table ${project}:${dataset}.${table}`);
    send(res, 200, {
      kind: 'bigquery#table',
      id: `${project}:${dataset}.${table}`,
      tableReference: { projectId: project, datasetId: dataset, tableId: table },
      type: 'TABLE',
      ...found,
    });
  }

  private getDataset(res: ServerResponse, project: string, dataset: string) {
    if (!this.datasets.has(`${project}.${dataset}`))
      return apiError(res, 404, 'notFound', `Not found: Dataset ${project}:${dataset}`);
    send(res, 200, {
      kind: 'bigquery#dataset',
      id: `${project}:${dataset}`,
      datasetReference: { projectId: project, datasetId: dataset },
      location: 'US',
    });
  }

  private insertDataset(res: ServerResponse, project: string, body: Json) {
    const id = body.datasetReference?.datasetId;
    if (this.datasets.has(`${project}.${id}`)) return apiError(res, 409, 'duplicate', `Already Exists: Dataset ${project}:${id}`);
    this.datasets.add(`${project}.${id}`);
    send(res, 200, { kind: 'bigquery#dataset', id: `${project}:${id}`, ...body, location: body.location ?? 'US' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The API's error body: `{"error": {"code", "message", "errors": [{reason, message}], "status"}}`. */
function apiError(res: ServerResponse, code: number, reason: string, message: string): void {
  const status = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
  }[code];
  send(res, code, { error: { code, message, errors: [{ message, domain: 'global', reason }], status } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
