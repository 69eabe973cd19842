import { join } from 'node:path';
import type { GodwitHome } from '../../core/home.js';

/**
 * Where shadow-test observations live: `<home>/endpoints/<endpoint>/shadow/<shadow variant>/<yyyy-mm-dd>.jsonl`,
 * one JSON line per mirrored request, a file per UTC day so a report `--since` a date opens only
 * the days it needs and old days can be removed by hand. They are observations, not desired
 * state: the metadata database holds what endpoints should be; these files hold what happened.
 */
export function shadowDir(home: GodwitHome, endpoint: string): string {
  return join(home.root, 'endpoints', endpoint, 'shadow');
}

export function shadowFile(home: GodwitHome, endpoint: string, shadowVariant: string, at: Date): string {
  return join(shadowDir(home, endpoint), shadowVariant, `${dayOf(at)}.jsonl`);
}

/** `2026-12-05` for any time on that UTC day: file names sort by time. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
