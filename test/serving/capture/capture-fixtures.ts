import type { DataCaptureSpec } from '../../../src/endpoints/endpoint-records.js';
import type { CaptureRecord } from '../../../src/serving/capture/capture-sink.js';
import type { ArtifactStore } from '../../../src/store/index.js';

export function captureSpec(destinationS3Uri: string, overrides: Partial<DataCaptureSpec> = {}): DataCaptureSpec {
  return {
    enableCapture: true,
    initialSamplingPercentage: 100,
    destinationS3Uri,
    captureModes: ['Input', 'Output'],
    csvContentTypes: ['text/csv'],
    jsonContentTypes: ['application/json'],
    ...overrides,
  };
}

/** A CSV request and answer of `variant` at `at`, its eventId `ev-<n>`. */
export function csvRecord(n: number, at: Date, variant = 'AllTraffic', extra: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    endpointName: 'churn',
    variantName: variant,
    eventId: `ev-${n}`,
    inferenceTime: at,
    input: { contentType: 'text/csv', body: Buffer.from(`${n},1.5,2\n`) },
    output: { contentType: 'text/csv; charset=utf-8', body: Buffer.from(String(n / 10)) },
    ...extra,
  };
}

/** A parsed capture line, loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk parsed JSON of known shape.
export type CapturedLine = Record<string, any>;

/** Every captured object under `prefix`, in key order, with its parsed lines. */
export async function capturedObjects(store: ArtifactStore, prefix = '') {
  const out: { key: string; lines: CapturedLine[] }[] = [];
  for (const info of await store.list(prefix)) {
    const text = (await store.get(info.key)).toString('utf8');
    if (!text.endsWith('\n')) throw new Error(`${info.key} does not end with a newline`);
    out.push({
      key: info.key,
      lines: text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    });
  }
  return out;
}
