/**
 * Where captured lines go, as SageMaker lays them out under `DestinationS3Uri`:
 * `<endpoint>/<variant>/yyyy/mm/dd/hh/MM-SS-mmm-<uuid>.jsonl` for an endpoint (the hour of the
 * requests in it, UTC; the file named for its first request's minute, second and millisecond, as
 * in `AllTraffic/2020/03/11/12/32-18-648-cee08c3a-….jsonl`), and `input/` or `output/` then
 * `yyyy/mm/dd/hh/` for a batch transform's manifests.
 */
import { randomUUID } from 'node:crypto';

const two = (n: number) => String(n).padStart(2, '0');

/** `yyyy/mm/dd/hh` of `at` in UTC. */
export function hourFolder(at: Date): string {
  return `${at.getUTCFullYear()}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}/${two(at.getUTCHours())}`;
}

/** `MM-SS-mmm-<uuid>.jsonl`: SageMaker's file name, unique, sorting by time within its hour. */
export function captureFileName(at: Date, id: string = randomUUID()): string {
  return `${two(at.getUTCMinutes())}-${two(at.getUTCSeconds())}-${String(at.getUTCMilliseconds()).padStart(3, '0')}-${id}.jsonl`;
}

/** The key, under the destination, of a real-time capture object whose first record is at `at`. */
export function endpointCaptureKey(endpointName: string, variantName: string, at: Date, id?: string): string {
  return `${endpointName}/${variantName}/${hourFolder(at)}/${captureFileName(at, id)}`;
}

/** The hour a time falls in, as a number: records of one object share it. */
export function hourOf(at: Date): number {
  return Math.floor(at.getTime() / 3_600_000);
}
