import { randomBytes } from 'node:crypto';

/** A run id that sorts by start time and reads at a glance: `run-20261122-134501-3f9a2c`. */
export function newRunId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}
