import type { Json, MapState } from '../asl/asl-types.js';

/** One item processor's end, as a distributed Map's `ResultWriter` writes it. */
export interface MapItemResult {
  readonly index: number;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly input: Json;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * Where a distributed Map's items come from and its results go (`src/workflows/integrations/`
 * implements it over Godwit's object stores). The engine evaluates `Parameters` / `Arguments`
 * first (`DataFlow.template`) and hands them over. Failures are `StatesError`s
 * `States.ItemReaderFailed` / `States.ResultWriterFailed` naming the object.
 */
export interface MapItemIo {
  /**
   * The items `ItemReader` names: `arn:aws:states:::s3:getObject` over a CSV (`ReaderConfig.InputType`
   * `CSV`, `CSVHeaderLocation` `FIRST_ROW` or `GIVEN` with `CSVHeaders`), JSON (an array) or JSONL
   * object, or `arn:aws:states:::s3:listObjectsV2` (one item per object: Key, Size, ETag,
   * LastModified, StorageClass); `ReaderConfig.MaxItems` caps them.
   */
  readItems(reader: NonNullable<MapState['ItemReader']>, parameters: Json, signal: AbortSignal): Promise<readonly Json[]>;
  /**
   * Writes Step Functions' `manifest.json` and `SUCCEEDED_0.json` / `FAILED_0.json` /
   * `PENDING_0.json` under `<Prefix>/<map run id>/` and answers the Map's result
   * (`{ "MapRunArn", "ResultWriterDetails": { "Bucket", "Key" } }`).
   */
  writeResults(
    writer: NonNullable<MapState['ResultWriter']>,
    parameters: Json,
    run: { readonly mapRunArn: string; readonly results: readonly MapItemResult[] },
  ): Promise<Json>;
}
