import { resolve } from 'node:path';
import { type PostgresGuidance, postgresGuidance, runPgDump } from '../../db/backup/postgres-backup.js';
import { backupSqlite } from '../../db/backup/sqlite-backup.js';
import { SCHEMAS } from '../../meta/index.js';
import { databaseOf, EXIT, homeOf, json, UsageError, write } from '../cli-io.js';
import { bytes } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { dbBackupOptions } from '../spec/db-specs.js';

export const dbBackup: Handler<typeof dbBackupOptions> = {
  async run({ values, positionals: [target], io }) {
    const file = resolve(io.cwd, target);
    const { url } = databaseOf(io);
    if (url && values.run) {
      const report = await runPgDump(url, file, io.env);
      if (values.json) json(io, report);
      else
        write(
          io.stdout,
          `Dumped ${report.database} to ${report.file} with ${report.pgDump} (${bytes(report.size)}, ${report.tables} tables, read back with pg_restore --list).\n` +
            `Restore it with: ${postgresGuidance(url, file).restore}`,
        );
      return EXIT.ok;
    }
    if (url) {
      const guidance = postgresGuidance(url, file);
      if (values.json) json(io, guidance);
      else write(io.stdout, renderGuidance(guidance));
      return EXIT.ok;
    }
    if (values.run)
      throw new UsageError('--run is for a PostgreSQL database (databaseUrl); SQLite is backed up by Godwit itself.');
    const report = await backupSqlite(homeOf(io).metadataFile, file, SCHEMAS);
    if (values.json) {
      json(io, report);
      return EXIT.ok;
    }
    const schema = report.versions
      .filter((v) => v.version > 0)
      .map((v) => `${v.capability} ${v.version}`)
      .join(', ');
    write(
      io.stdout,
      [
        `Backed up ${report.database} to ${report.file} (${bytes(report.size)}; integrity_check ok).`,
        `  ${report.runs} runs, ${report.models} model versions; schema versions: ${schema || 'none (a home from before them)'}`,
        `Restore it with: godwit db restore ${report.file}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

/** The commands that back up and restore a PostgreSQL metadata database, to copy into a shell. */
export function renderGuidance(g: PostgresGuidance, what: 'backup' | 'restore' = 'backup'): string {
  const lines = [
    `The metadata database is PostgreSQL (${g.database}): pg_dump backs it up, consistent while Godwit keeps writing.`,
    '',
  ];
  const backup = ['Back it up:', '', `  ${g.backup}`, ''];
  const restore = [
    'Restore it (into this database, or into a new one made with createdb: change --dbname), with servers and runs stopped:',
    '',
    `  ${g.restore}`,
    '',
  ];
  lines.push(...(what === 'backup' ? [...backup, ...restore] : [...restore, ...backup]));
  if (g.passwordHint) lines.push(g.passwordHint);
  if (what === 'backup') lines.push(`Or let Godwit run pg_dump (when it is installed): godwit db backup ${g.file} --run`);
  return lines.join('\n').trimEnd();
}
