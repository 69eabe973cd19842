import { resolve } from 'node:path';
import { postgresGuidance } from '../../db/backup/postgres-backup.js';
import { restoreSqlite, type SqliteRestorePlan } from '../../db/backup/sqlite-restore.js';
import { SCHEMAS } from '../../meta/index.js';
import { databaseOf, EXIT, homeOf, json, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { dbRestoreOptions } from '../spec/db-specs.js';
import { renderGuidance } from './db-backup.js';

export const dbRestore: Handler<typeof dbRestoreOptions> = {
  async run({ values, positionals: [source], io }) {
    const file = resolve(io.cwd, source);
    const { url } = databaseOf(io);
    if (url) {
      const guidance = postgresGuidance(url, file);
      if (values.json) json(io, guidance);
      else write(io.stdout, renderGuidance(guidance, 'restore'));
      return EXIT.ok;
    }
    const plan = await restoreSqlite(homeOf(io), file, SCHEMAS, {
      yes: values.yes,
      force: values.force,
      onPlan: (p) => (values.json ? json(io, p) : write(io.stdout, describe(p))),
    });
    // Opened once now: an older backup's schema is brought up to date (and a failure shows here, not later).
    await withMetadata(io, async () => undefined);
    if (values.json) json(io, plan);
    else write(io.stdout, describe(plan));
    return EXIT.ok;
  },
};

function describe(p: SqliteRestorePlan): string {
  const contents = `${p.runs} runs, ${p.models} model versions`;
  const forced = p.forced.map((h) => `${h.kind} ${h.name} (pid ${h.pid})`).join(', ');
  if (!p.restored) {
    return [
      `Would replace ${p.database} with ${p.file} (${contents}).`,
      p.beforeRestore ? `The replaced database would be kept as ${p.beforeRestore}.` : 'The home has no database yet.',
      ...(forced ? [`Still held by ${forced}: --force replaces it under them.`] : []),
    ].join('\n');
  }
  return [
    `Restored ${p.file} into ${p.database} (${contents}).`,
    p.beforeRestore ? `The replaced database is kept as ${p.beforeRestore}.` : 'The home had no database before.',
    ...(forced ? [`It was held by ${forced}: restart them so they read the restored database.`] : []),
  ].join('\n');
}
