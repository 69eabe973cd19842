import type { SqlDatabase, SqlRow } from '../db/sql-database.js';
import type { LineageAssociation, LineageFilters, LineageKind, LineageQueryResult } from './lineage-records.js';

export type WalkEdge = LineageQueryResult['edges'][number];

/** An entity a walk reached, at its nearest depth, with only the columns its vertex and the filters need. */
export interface Reached {
  readonly depth: number;
  readonly row: SqlRow;
}

/** Placeholders per `IN (…)` batch: well under SQLite's limit and PostgreSQL's. */
const BATCH = 500;

/**
 * One walk of QueryLineage: breadth first from the starts, one batched lookup per level (`up`
 * follows associations to their sources, `down` to their destinations) that also reads, of the
 * entity each association reaches, the columns its vertex and `filters` need, so a walk costs a
 * round trip per level and nothing more. Each node is expanded once, at its nearest depth, so
 * cycles end. Adds what it reaches to `reached` (the nearer depth wins when both walks of `Both`
 * reach a node) and each association it followed to `edges`.
 *
 * A recursive CTE doing the whole walk in one statement was measured (bench/lineage, a data set
 * read by 100 runs, ~1,500 vertices): 17 ms of CPU on SQLite against 12 for this, and no faster
 * on PostgreSQL, where its final join costs what the round trips it saves do.
 */
export async function walkLineage(
  db: SqlDatabase,
  starts: readonly string[],
  way: 'up' | 'down',
  maxDepth: number,
  filters: LineageFilters | undefined,
  reached: Map<string, Reached>,
  edges: WalkEdge[],
): Promise<void> {
  const [near, far] = way === 'up' ? ['destination_arn', 'source_arn'] : ['source_arn', 'destination_arn'];
  const extra = [
    filters?.createdAfter || filters?.createdBefore ? ', e.created_at' : '',
    filters?.modifiedAfter || filters?.modifiedBefore ? ', e.modified_at' : '',
    filters?.properties ? ', e.properties' : '',
  ].join('');
  const seen = new Set(starts);
  let frontier = [...starts];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += BATCH) {
      const batch = frontier.slice(i, i + BATCH);
      const rows = await db.query(
        `SELECT a.source_arn, a.destination_arn, a.type AS association, e.kind, e.type${extra}
         FROM lineage_associations a LEFT JOIN lineage_entities e ON e.arn = a.${far}
         WHERE a.${near} IN (${batch.map(() => '?').join(', ')})`,
        batch,
      );
      for (const row of rows) {
        const sourceArn = row.source_arn as string;
        const destinationArn = row.destination_arn as string;
        edges.push({ sourceArn, destinationArn, type: row.association as LineageAssociation['type'] });
        const arn = way === 'up' ? sourceArn : destinationArn;
        if (seen.has(arn)) continue;
        seen.add(arn);
        next.push(arn);
        // An association to an entity never recorded is walked through, never returned.
        if (row.kind === null || row.kind === undefined) continue;
        const before = reached.get(arn);
        if (before === undefined || depth < before.depth) reached.set(arn, { depth, row });
      }
    }
    frontier = next;
  }
}

/** Whether a reached entity passes QueryLineage's filters (all of them). */
export function passes(row: SqlRow, filters: LineageFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.types && filters.types.length > 0 && !filters.types.includes(row.type as string)) return false;
  if (filters.kinds && filters.kinds.length > 0 && !filters.kinds.includes(row.kind as LineageKind)) return false;
  const created = () => new Date(row.created_at as string);
  const modified = () => new Date(row.modified_at as string);
  if (filters.createdBefore && !(created() < filters.createdBefore)) return false;
  if (filters.createdAfter && !(created() > filters.createdAfter)) return false;
  if (filters.modifiedBefore && !(modified() < filters.modifiedBefore)) return false;
  if (filters.modifiedAfter && !(modified() > filters.modifiedAfter)) return false;
  if (filters.properties) {
    const properties = row.properties ? (JSON.parse(row.properties as string) as Record<string, string>) : {};
    for (const [key, value] of Object.entries(filters.properties)) if (properties[key] !== value) return false;
  }
  return true;
}
