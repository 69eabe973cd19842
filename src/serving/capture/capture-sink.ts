/**
 * Data capture as SageMaker writes it: one JSON line per sampled request, under
 * `<destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl` (real-time) and
 * SageMaker's batch layout for batch transform. The sink is handed records on the request path,
 * so `offer` never waits and never throws; the sink batches and writes in the background. A record
 * is never lost while the process is up (a failed write is retried); one that cannot be kept (the
 * queue is over its bound) is counted in `dropped`, which `godwit endpoint describe` shows.
 */
export interface CaptureRecord {
  readonly endpointName: string;
  readonly variantName: string;
  /**
   * SageMaker's `eventId`: a UUID per captured request. Left out, the sink makes one when it
   * writes the record (off the request path, and once: a retried write keeps it).
   */
  readonly eventId?: string;
  /** The caller's `InferenceId`, when it gave one. */
  readonly inferenceId?: string;
  readonly inferenceTime: Date;
  /** Absent when the config does not capture `Input` (resp. `Output`). */
  readonly input?: { readonly contentType: string; readonly body: Buffer };
  readonly output?: { readonly contentType: string; readonly body: Buffer };
}

export interface CaptureStats {
  readonly offered: number;
  readonly written: number;
  readonly dropped: number;
  /** Records accepted and not yet written. */
  readonly pending: number;
}

export interface CaptureSink {
  offer(record: CaptureRecord): void;
  /** Writes everything accepted so far. */
  flush(): Promise<void>;
  stats(): CaptureStats;
  /** Flushes, then stops. */
  close(): Promise<void>;
}
