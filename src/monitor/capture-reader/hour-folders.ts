/**
 * Finds the objects of SageMaker's hourly layout, `<prefix>yyyy/mm/dd/hh/<file>`, whose hour
 * folder lies in a range of hours. Capture and ground-truth files both use it.
 */
import type { ArtifactStore } from '../../store/index.js';
import { mapLimit } from '../../store/map-limit.js';

const HOUR_MS = 3_600_000;
/** Up to this many hours are listed folder by folder; a longer range lists its prefix once. */
const PER_HOUR_LISTING = 72;

const two = (n: number) => String(n).padStart(2, '0');

/** `yyyy/mm/dd/hh` of an hour number (hours since the epoch, UTC). */
export function hourPath(hour: number): string {
  const at = new Date(hour * HOUR_MS);
  return `${at.getUTCFullYear()}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}/${two(at.getUTCHours())}`;
}

/** The hour number a `yyyy/mm/dd/hh` path names, or undefined when it names none. */
export function hourOfPath(path: string): number | undefined {
  const m = /^(\d{4})\/(\d\d)\/(\d\d)\/(\d\d)$/.exec(path);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  return Number.isNaN(ms) || hourPath(ms / HOUR_MS) !== path ? undefined : ms / HOUR_MS;
}

/** The hours (numbers) whose folder overlaps [start, end). */
export function hoursOverlapping(start: Date, end: Date): { first: number; last: number } {
  return { first: Math.floor(start.getTime() / HOUR_MS), last: Math.ceil(end.getTime() / HOUR_MS) - 1 };
}

/** Whether `path` is `yyyy/mm/dd/hh/<file>` with the hour in range and the name ending in `suffix`. */
export function inHours(path: string, hours: { first: number; last: number }, suffix = ''): boolean {
  const slash = path.lastIndexOf('/');
  if (slash < 0 || slash === path.length - 1 || !path.endsWith(suffix)) return false;
  const hour = hourOfPath(path.slice(0, slash));
  return hour !== undefined && hour >= hours.first && hour <= hours.last;
}

/**
 * Keys `<prefix>yyyy/mm/dd/hh/<file>` (a file directly in the hour folder, its name ending in
 * `suffix`) with `first ≤ hour ≤ last`, sorted by key. `prefix` is `''` or ends in `/`.
 */
export async function keysInHours(
  store: ArtifactStore,
  prefix: string,
  hours: { first: number; last: number },
  suffix = '',
): Promise<string[]> {
  const count = hours.last - hours.first + 1;
  if (count <= 0) return [];
  const keep = (key: string) => inHours(key.slice(prefix.length), hours, suffix);
  if (count > PER_HOUR_LISTING) {
    return (await store.list(prefix)).map((o) => o.key).filter(keep);
  }
  const folders = Array.from({ length: count }, (_, i) => `${prefix}${hourPath(hours.first + i)}/`);
  const listed = await mapLimit(folders, 8, (folder) => store.list(folder));
  return listed
    .flat()
    .map((o) => o.key)
    .filter(keep);
}
