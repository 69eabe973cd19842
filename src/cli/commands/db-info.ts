import { databaseInfo } from '../../db/backup/database-info.js';
import type { CapabilityVersion } from '../../db/backup/schema-report.js';
import { SCHEMAS } from '../../meta/index.js';
import { databaseOf, EXIT, homeOf, json, write } from '../cli-io.js';
import { bytes, table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { dbInfoOptions } from '../spec/db-specs.js';

export const dbInfo: Handler<typeof dbInfoOptions> = {
  async run({ values, io }) {
    const { url } = databaseOf(io);
    const info = await databaseInfo(url ? { url } : { file: homeOf(io).metadataFile }, SCHEMAS);
    if (values.json) {
      json(io, info);
      return EXIT.ok;
    }
    const lines = [
      `Database: ${info.database} (${info.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
      info.exists
        ? `Size:     ${bytes(info.size)}; ${info.runs} runs, ${info.models} model versions`
        : 'Size:     not made yet (the first command that records something makes it)',
      '',
      versionTable(info.versions),
    ];
    const ahead = info.versions.filter((v) => v.state === 'ahead');
    if (ahead.length > 0)
      lines.push('', `Written by a newer Godwit (${ahead.map((v) => v.capability).join(', ')}): upgrade Godwit to use it.`);
    write(io.stdout, lines.join('\n'));
    return EXIT.ok;
  },
};

/** Capability, its version in the database, this Godwit's, and what that means. */
export function versionTable(versions: readonly CapabilityVersion[]): string {
  return table(
    ['CAPABILITY', 'VERSION', 'THIS GODWIT', 'STATE'],
    versions.map((v) => [v.capability, String(v.version), v.known === undefined ? '-' : String(v.known), v.state]),
  );
}
