import type { GodwitHome } from '../../core/home.js';
import { effectiveStatus } from '../../meta/run-status.js';
import { alive, readServerRecord } from '../../server/server-files.js';
import { openSqliteFile } from './sqlite-file.js';

/** A process that has the home's database open and would write into it. */
export interface DatabaseHolder {
  readonly kind: 'server' | 'run';
  /** The server's URL, or the run's id. */
  readonly name: string;
  readonly pid: number;
}

/**
 * Who holds a home's SQLite database: its `godwit server` (the pid file in `<home>/server/`,
 * counted while that process lives) and the runs recorded `running` whose process still lives on
 * this machine (`effectiveStatus`). A database that cannot be read holds no runs one can name: a
 * restore is how a user replaces it.
 */
export async function databaseHolders(home: GodwitHome): Promise<DatabaseHolder[]> {
  const holders: DatabaseHolder[] = [];
  const server = await readServerRecord(home);
  if (server && alive(server.pid)) holders.push({ kind: 'server', name: server.url ?? 'starting', pid: server.pid });
  try {
    const db = await openSqliteFile(home.metadataFile, { readonly: true });
    try {
      const rows = db.prepare("SELECT id, pid, host, status FROM runs WHERE status = 'running'").all() as {
        id: string;
        pid: number;
        host: string;
        status: 'running';
      }[];
      for (const r of rows) if (effectiveStatus(r) === 'running') holders.push({ kind: 'run', name: r.id, pid: Number(r.pid) });
    } finally {
      db.close();
    }
  } catch {
    // No database yet, or one too damaged to read: nothing in it runs.
  }
  return holders;
}
