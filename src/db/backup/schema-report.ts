import { GodwitError } from '../../core/errors.js';
import type { CapabilitySchema } from '../migrations.js';

/** One capability's schema version in a database, beside the version this Godwit knows. */
export interface CapabilityVersion {
  readonly capability: string;
  /** Recorded in the database; 0 when the database has no tables of it yet. */
  readonly version: number;
  /** This Godwit's migrations of it; undefined for a capability it does not know (a newer Godwit's). */
  readonly known?: number;
  /** `current`, `behind` (migrated on the next open) or `ahead` (written by a newer Godwit). */
  readonly state: 'current' | 'behind' | 'ahead';
}

/** Every capability of the code and of the database, in the code's order, then the unknown ones. */
export function compareVersions(found: ReadonlyMap<string, number>, schemas: readonly CapabilitySchema[]): CapabilityVersion[] {
  const known = schemas.map((s) => entry(s.capability, found.get(s.capability) ?? 0, s.migrations.length));
  const unknown = [...found.keys()].filter((c) => !schemas.some((s) => s.capability === c)).sort();
  return [...known, ...unknown.map((c) => entry(c, found.get(c) ?? 0, undefined))];
}

function entry(capability: string, version: number, known: number | undefined): CapabilityVersion {
  const state = known === undefined || version > known ? 'ahead' : version < known ? 'behind' : 'current';
  return { capability, version, known, state };
}

/**
 * E_METADATA_VERSION for a file (a backup) some of whose capabilities are newer than this Godwit,
 * naming the file and each of them; nothing is written before this check.
 */
export function refuseNewer(versions: readonly CapabilityVersion[], file: string): void {
  const ahead = versions.filter((v) => v.state === 'ahead');
  if (ahead.length === 0) return;
  const list = ahead.map((v) => `${v.capability} ${v.version} (this Godwit knows ${v.known ?? 'none'})`).join(', ');
  throw new GodwitError(
    'E_METADATA_VERSION',
    `The backup ${file} was made by a newer Godwit: schema version ${list}. Nothing was changed.`,
    {
      hint: 'Restore it with a Godwit at least as new as the one that made it (npm install godwit@latest), or name an older backup.',
    },
  );
}
