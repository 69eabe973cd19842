import { csvRows } from '../../core/csv.js';
import type { Json, JsonObject, MapState } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import type { MapItemIo, MapItemResult } from '../engine/map-item-io.js';
import type { StoreFactory } from './store-factory.js';

type Reader = NonNullable<MapState['ItemReader']>;
type Writer = NonNullable<MapState['ResultWriter']>;

/**
 * A distributed Map's items and results over Godwit's object stores (`s3://bucket` through the
 * server's S3, as every other object read). Failures are `States.ItemReaderFailed` /
 * `States.ResultWriterFailed` naming the object.
 */
export class StoreMapItemIo implements MapItemIo {
  constructor(private readonly stores: StoreFactory) {}

  async readItems(reader: Reader, parameters: Json, _signal: AbortSignal): Promise<readonly Json[]> {
    const params = objectOf(parameters);
    const config = reader.ReaderConfig ?? {};
    const bucket = stringField(params, 'Bucket', 'States.ItemReaderFailed');
    const max = maxItems(config);
    const store = await this.stores(`s3://${bucket}`);
    if (/:s3:listObjectsV2$/.test(reader.Resource)) {
      const prefix = typeof params.Prefix === 'string' ? params.Prefix : '';
      const objects = (await store.list(prefix)).slice(0, max);
      return objects.map((o) => ({
        Key: o.key,
        Size: o.size,
        ETag: `"${o.sha256.slice(0, 32)}"`,
        LastModified: o.modified.toISOString(),
        StorageClass: 'STANDARD',
      }));
    }
    const key = stringField(params, 'Key', 'States.ItemReaderFailed');
    const where = `s3://${bucket}/${key}`;
    if (!(await store.head(key)))
      throw new StatesError('States.ItemReaderFailed', `The ItemReader's object ${where} does not exist.`);
    const text = (await store.get(key)).toString('utf8');
    return itemsOf(text, config, where).slice(0, max);
  }

  async writeResults(
    _writer: Writer,
    parameters: Json,
    run: { readonly mapRunArn: string; readonly results: readonly MapItemResult[] },
  ): Promise<Json> {
    const params = objectOf(parameters);
    const bucket = stringField(params, 'Bucket', 'States.ResultWriterFailed');
    const prefix = typeof params.Prefix === 'string' ? params.Prefix.replace(/\/+$/, '') : '';
    const runId = run.mapRunArn.slice(run.mapRunArn.lastIndexOf(':') + 1);
    const folder = prefix === '' ? runId : `${prefix}/${runId}`;
    const store = await this.stores(`s3://${bucket}`);
    const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
      FAILED: [],
      PENDING: [],
      SUCCEEDED: [],
    };
    try {
      for (const status of ['SUCCEEDED', 'FAILED'] as const) {
        const entries = run.results.filter((r) => (status === 'SUCCEEDED' ? r.status === 'SUCCEEDED' : r.status !== 'SUCCEEDED'));
        if (entries.length === 0) continue;
        const key = `${folder}/${status}_0.json`;
        const info = await store.put(key, JSON.stringify(entries.map((r) => resultEntry(r, run.mapRunArn))));
        files[status].push({ Key: key, Size: info.size });
      }
      const manifestKey = `${folder}/manifest.json`;
      const manifest = { DestinationBucket: bucket, MapRunArn: run.mapRunArn, ResultFiles: files };
      await store.put(manifestKey, JSON.stringify(manifest));
      return { MapRunArn: run.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
    } catch (err) {
      throw new StatesError(
        'States.ResultWriterFailed',
        `Could not write results to s3://${bucket}/${folder}/: ${(err as Error).message}`,
      );
    }
  }
}

/** One child's entry in `SUCCEEDED_0.json` / `FAILED_0.json`: input and output as JSON text, as Step Functions writes them. */
function resultEntry(r: MapItemResult, mapRunArn: string): Json {
  const entry: Record<string, Json> = {
    ExecutionArn: `${mapRunArn.replace(':mapRun:', ':execution:')}:${r.index}`,
    Input: JSON.stringify(r.input),
    InputDetails: { Included: true },
    Name: String(r.index),
    Status: r.status,
  };
  if (r.output !== undefined) {
    entry.Output = JSON.stringify(r.output);
    entry.OutputDetails = { Included: true };
  }
  if (r.error !== undefined) entry.Error = r.error;
  if (r.cause !== undefined) entry.Cause = r.cause;
  return entry;
}

function itemsOf(text: string, config: JsonObject, where: string): Json[] {
  const type = config.InputType ?? 'JSON';
  const fail = (what: string) => new StatesError('States.ItemReaderFailed', `${where}: ${what}`);
  if (type === 'JSON') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw fail('is not valid JSON.');
    }
    if (!Array.isArray(doc)) throw fail('must hold a JSON array of items.');
    return doc as Json[];
  }
  if (type === 'JSONL') {
    return text.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as Json];
      } catch {
        throw fail(`line ${i + 1} is not valid JSON.`);
      }
    });
  }
  if (type === 'CSV') return csvItems(text, config, fail);
  throw fail(`ReaderConfig.InputType ${JSON.stringify(type)} is not one of CSV, JSON, JSONL.`);
}

/** Each row an object keyed by the header (`FIRST_ROW`, the default, or `GIVEN` `CSVHeaders`), values as text. */
function csvItems(text: string, config: JsonObject, fail: (what: string) => StatesError): Json[] {
  const rows = csvRows(text);
  const given = config.CSVHeaderLocation === 'GIVEN';
  if (given && (!Array.isArray(config.CSVHeaders) || config.CSVHeaders.length === 0))
    throw fail('CSVHeaderLocation GIVEN needs ReaderConfig.CSVHeaders.');
  const headers = given ? (config.CSVHeaders as Json[]).map(String) : (rows.shift() ?? []);
  return rows.map((row, i) => {
    if (row.length > headers.length)
      throw fail(`row ${i + 1} has ${row.length} fields, more than the ${headers.length} headers.`);
    return Object.fromEntries(headers.map((h, j) => [h, row[j] ?? '']));
  });
}

function maxItems(config: JsonObject): number {
  const max = config.MaxItems;
  return typeof max === 'number' && max > 0 ? max : Number.POSITIVE_INFINITY;
}

function objectOf(parameters: Json): Record<string, Json> {
  return parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)
    ? (parameters as Record<string, Json>)
    : {};
}

function stringField(params: Record<string, Json>, field: string, error: string): string {
  const v = params[field];
  if (typeof v !== 'string' || v === '') throw new StatesError(error, `Parameters.${field} is required.`);
  return v;
}
