import type { Clock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { marks, slices } from '../db/in-list.js';
import type { SqlDatabase, SqlRow, SqlValue } from '../db/sql-database.js';
import type {
  LineageAssociation,
  LineageAssociationInput,
  LineageEntity,
  LineageEntityInput,
  LineageKind,
  LineageListOptions,
  LineageQuery,
  LineageQueryResult,
  LineageStore,
  LineageVertex,
  LineageWrite,
  ListAssociationsOptions,
} from './lineage-records.js';
import { recordLineage } from './record-lineage.js';
import { passes, type Reached, type WalkEdge, walkLineage } from './sql-lineage-walk.js';

/** SageMaker's paging: QueryLineage and the List actions return at most 100 per page, 10 by default for lists. */
const MAX_PAGE = 100;
const DEFAULT_LIST_PAGE = 10;
const DEFAULT_DEPTH = 10;

/** The lineage capability over the database seam; the same SQL on SQLite and PostgreSQL. */
export class SqlLineageStore implements LineageStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly clock: Clock,
  ) {}

  record(write: LineageWrite): Promise<void> {
    return this.db.transaction((tx) => recordLineage(tx, write, this.clock.now()));
  }

  async get(arn: string): Promise<LineageEntity | undefined> {
    const [row] = await this.db.query('SELECT * FROM lineage_entities WHERE arn = ?', [arn]);
    return row ? toEntity(row) : undefined;
  }

  async find(by: { readonly sourceUri?: string; readonly digest?: string }): Promise<LineageEntity[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (by.sourceUri !== undefined) where.push('source_uri = ?') && params.push(by.sourceUri);
    if (by.digest !== undefined) where.push('digest = ?') && params.push(by.digest);
    if (where.length === 0) return [];
    const rows = await this.db.query(
      `SELECT * FROM lineage_entities WHERE ${where.join(' AND ')} ORDER BY created_at, arn`,
      params,
    );
    return rows.map(toEntity);
  }

  async list(options: LineageListOptions): Promise<{ entities: LineageEntity[]; nextToken?: string }> {
    const where = ['kind = ?'];
    const params: SqlValue[] = [options.kind];
    if (options.sourceUri !== undefined) where.push('source_uri = ?') && params.push(options.sourceUri);
    if (options.type !== undefined) where.push('type = ?') && params.push(options.type);
    if (options.createdAfter) where.push('created_at > ?') && params.push(options.createdAfter.toISOString());
    if (options.createdBefore) where.push('created_at < ?') && params.push(options.createdBefore.toISOString());
    const column = options.sortBy === 'Name' ? 'name' : 'created_at';
    const order = options.sortOrder === 'Ascending' ? 'ASC' : 'DESC';
    const { offset, limit } = page(options.maxResults, options.nextToken, DEFAULT_LIST_PAGE);
    const rows = await this.db.query(
      `SELECT * FROM lineage_entities WHERE ${where.join(' AND ')} ORDER BY ${column} ${order}, arn ${order} LIMIT ? OFFSET ?`,
      [...params, limit + 1, offset],
    );
    return { entities: rows.slice(0, limit).map(toEntity), nextToken: rows.length > limit ? token(offset + limit) : undefined };
  }

  async listAssociations(options: ListAssociationsOptions): Promise<{ associations: LineageAssociation[]; nextToken?: string }> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, value: SqlValue) => where.push(sql) && params.push(value);
    if (options.sourceArn !== undefined) add('a.source_arn = ?', options.sourceArn);
    if (options.destinationArn !== undefined) add('a.destination_arn = ?', options.destinationArn);
    if (options.sourceType !== undefined) add('s.type = ?', options.sourceType);
    if (options.destinationType !== undefined) add('d.type = ?', options.destinationType);
    if (options.type !== undefined) add('a.type = ?', options.type);
    if (options.createdAfter) add('a.created_at > ?', options.createdAfter.toISOString());
    if (options.createdBefore) add('a.created_at < ?', options.createdBefore.toISOString());
    const column = {
      SourceArn: 'a.source_arn',
      DestinationArn: 'a.destination_arn',
      SourceType: 's.type',
      DestinationType: 'd.type',
      CreationTime: 'a.created_at',
    }[options.sortBy ?? 'CreationTime'];
    const order = options.sortOrder === 'Ascending' ? 'ASC' : 'DESC';
    const { offset, limit } = page(options.maxResults, options.nextToken, DEFAULT_LIST_PAGE);
    const rows = await this.db.query(
      `SELECT a.source_arn, a.destination_arn, a.type, a.created_at,
         s.kind AS s_kind, s.type AS s_type, s.name AS s_name, d.kind AS d_kind, d.type AS d_type, d.name AS d_name
       FROM lineage_associations a
       LEFT JOIN lineage_entities s ON s.arn = a.source_arn
       LEFT JOIN lineage_entities d ON d.arn = a.destination_arn
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${column} ${order}, a.source_arn ${order}, a.destination_arn ${order} LIMIT ? OFFSET ?`,
      [...params, limit + 1, offset],
    );
    return {
      associations: rows.slice(0, limit).map(toAssociation),
      nextToken: rows.length > limit ? token(offset + limit) : undefined,
    };
  }

  async create(entity: LineageEntityInput): Promise<LineageEntity> {
    return this.db.transaction(async (tx) => {
      const [taken] = await tx.query('SELECT arn FROM lineage_entities WHERE arn = ?', [entity.arn]);
      if (taken) {
        throw new GodwitError('E_LINEAGE_EXISTS', `The ${entity.kind.toLowerCase()} ${entity.arn} exists already.`, {
          hint: 'Pick another name, or update the one there.',
        });
      }
      await recordLineage(tx, { entities: [entity], associations: [] }, this.clock.now());
      return toEntity((await tx.query('SELECT * FROM lineage_entities WHERE arn = ?', [entity.arn]))[0]);
    });
  }

  async update(
    arn: string,
    patch: { description?: string; status?: string; properties?: Record<string, string>; removeProperties?: readonly string[] },
  ): Promise<LineageEntity> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query('SELECT * FROM lineage_entities WHERE arn = ?', [arn]);
      if (!row) throw notFound(arn);
      const old = toEntity(row);
      const properties = { ...old.properties, ...patch.properties };
      for (const key of patch.removeProperties ?? []) delete properties[key];
      await tx.run('UPDATE lineage_entities SET description = ?, status = ?, properties = ?, modified_at = ? WHERE arn = ?', [
        patch.description ?? old.description ?? null,
        patch.status ?? old.status ?? null,
        Object.keys(properties).length > 0 ? JSON.stringify(properties) : null,
        this.clock.now().toISOString(),
        arn,
      ]);
      return toEntity((await tx.query('SELECT * FROM lineage_entities WHERE arn = ?', [arn]))[0]);
    });
  }

  async delete(arn: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { changes } = await tx.run('DELETE FROM lineage_entities WHERE arn = ?', [arn]);
      if (changes === 0) throw notFound(arn);
      await tx.run('DELETE FROM lineage_associations WHERE source_arn = ? OR destination_arn = ?', [arn, arn]);
    });
  }

  async addAssociation(input: LineageAssociationInput): Promise<LineageAssociation> {
    return this.db.transaction(async (tx) => {
      for (const arn of [input.sourceArn, input.destinationArn]) {
        const [found] = await tx.query('SELECT arn FROM lineage_entities WHERE arn = ?', [arn]);
        if (!found) throw notFound(arn);
      }
      const created = (input.createdAt ?? this.clock.now()).toISOString();
      const { changes } = await tx.run(
        `INSERT INTO lineage_associations (source_arn, destination_arn, type, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (source_arn, destination_arn) DO NOTHING`,
        [input.sourceArn, input.destinationArn, input.type, created],
      );
      if (changes === 0) {
        throw new GodwitError('E_LINEAGE_EXISTS', `${input.sourceArn} is associated with ${input.destinationArn} already.`, {
          hint: 'Delete the association first to change its type.',
        });
      }
      return { sourceArn: input.sourceArn, destinationArn: input.destinationArn, type: input.type, createdAt: new Date(created) };
    });
  }

  async deleteAssociation(sourceArn: string, destinationArn: string): Promise<void> {
    const { changes } = await this.db.run('DELETE FROM lineage_associations WHERE source_arn = ? AND destination_arn = ?', [
      sourceArn,
      destinationArn,
    ]);
    if (changes === 0) {
      throw new GodwitError('E_LINEAGE_NOT_FOUND', `No association from ${sourceArn} to ${destinationArn}.`, {
        hint: 'ListAssociations (or `godwit lineage`) shows the ones there.',
      });
    }
  }

  async query(query: LineageQuery): Promise<LineageQueryResult> {
    const maxDepth = query.maxDepth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 10) {
      throw new GodwitError('E_LINEAGE_INPUT', `MaxDepth ${maxDepth} is not a whole number from 0 to 10.`);
    }
    if (query.startArns.length === 0) throw new GodwitError('E_LINEAGE_INPUT', 'A lineage query needs a start ARN.');
    const { offset, limit } = page(query.maxResults, query.nextToken, MAX_PAGE);
    const starts = await this.entities(query.startArns, 'arn');
    for (const arn of query.startArns) if (!starts.has(arn)) throw notFound(arn);
    const direction = query.direction ?? 'Both';
    const reached = new Map<string, Reached>();
    const followed: WalkEdge[] = [];
    if (direction !== 'Descendants')
      await walkLineage(this.db, query.startArns, 'up', maxDepth, query.filters, reached, followed);
    if (direction !== 'Ascendants')
      await walkLineage(this.db, query.startArns, 'down', maxDepth, query.filters, reached, followed);
    for (const arn of query.startArns) reached.delete(arn);
    const vertices: LineageVertex[] = [];
    for (const [arn, { depth, row }] of reached) {
      if (passes(row, query.filters)) vertices.push({ arn, kind: row.kind as LineageKind, type: row.type as string, depth });
    }
    // One walk follows an association once; both walks can follow the same one only round a cycle.
    const edges =
      direction === 'Both' ? [...new Map(followed.map((e) => [`${e.sourceArn}\n${e.destinationArn}`, e])).values()] : followed;
    vertices.sort((a, b) => a.depth - b.depth || (a.arn < b.arn ? -1 : 1));
    const shown = vertices.slice(offset, offset + limit);
    // Each edge once over the pages: on the page that shows the later of its two ends (the
    // first page for an edge between two starts), so an edge between pages is never lost.
    const here = new Set(shown.map((v) => v.arn));
    const sofar = new Set([...query.startArns, ...vertices.slice(0, offset + limit).map((v) => v.arn)]);
    const onThisPage = (e: { sourceArn: string; destinationArn: string }) =>
      sofar.has(e.sourceArn) &&
      sofar.has(e.destinationArn) &&
      (here.has(e.sourceArn) || here.has(e.destinationArn) || offset === 0);
    return {
      vertices: shown,
      edges: query.includeEdges === false ? [] : edges.filter(onThisPage),
      nextToken: offset + limit < vertices.length ? token(offset + limit) : undefined,
    };
  }

  /** The entities of `arns` that exist; with `columns`, only those columns are read (the rest stay unset). */
  private async entities(arns: readonly string[], columns = '*'): Promise<Map<string, LineageEntity>> {
    const out = new Map<string, LineageEntity>();
    for (const batch of slices(arns)) {
      const rows = await this.db.query(`SELECT ${columns} FROM lineage_entities WHERE arn IN (${marks(batch.length)})`, batch);
      for (const row of rows) out.set(row.arn as string, toEntity(row));
    }
    return out;
  }
}

function page(
  maxResults: number | undefined,
  nextToken: string | undefined,
  fallback: number,
): { offset: number; limit: number } {
  const limit = maxResults ?? fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new GodwitError('E_LINEAGE_INPUT', `MaxResults ${maxResults} is not a whole number from 1 to ${MAX_PAGE}.`);
  }
  if (nextToken === undefined) return { offset: 0, limit };
  const text = Buffer.from(nextToken, 'base64url').toString('utf8');
  const offset = Number(text.slice('lineage:'.length));
  if (!text.startsWith('lineage:') || !Number.isInteger(offset) || offset < 0) {
    throw new GodwitError('E_LINEAGE_INPUT', `NextToken ${JSON.stringify(nextToken)} is not one this server gave.`, {
      hint: 'Pass the NextToken of the previous page unchanged, or leave it out to start again.',
    });
  }
  return { offset, limit };
}

const token = (offset: number) => Buffer.from(`lineage:${offset}`, 'utf8').toString('base64url');

function notFound(arn: string): GodwitError {
  return new GodwitError('E_LINEAGE_NOT_FOUND', `No lineage entity ${arn}.`, {
    hint: 'ListArtifacts, ListActions and ListContexts (or `godwit lineage`) show what is recorded.',
  });
}

const opt = <T>(v: unknown) => (v === null || v === undefined ? undefined : (v as T));

function toEntity(r: SqlRow): LineageEntity {
  return {
    arn: r.arn as string,
    kind: r.kind as LineageKind,
    name: r.name as string,
    displayName: opt<string>(r.display_name),
    type: r.type as string,
    sourceUri: opt<string>(r.source_uri),
    digest: opt<string>(r.digest),
    sourceId: opt<string>(r.source_id),
    status: opt<string>(r.status),
    description: opt<string>(r.description),
    properties: r.properties ? (JSON.parse(r.properties as string) as Record<string, string>) : undefined,
    createdBy: opt<string>(r.created_by),
    createdAt: new Date(r.created_at as string),
    modifiedAt: new Date(r.modified_at as string),
  };
}

function toAssociation(r: SqlRow): LineageAssociation {
  const end = (kind: unknown, type: unknown, name: unknown) =>
    kind ? { kind: kind as LineageKind, type: type as string, name: name as string } : undefined;
  return {
    sourceArn: r.source_arn as string,
    destinationArn: r.destination_arn as string,
    type: r.type as LineageAssociation['type'],
    createdAt: new Date(r.created_at as string),
    source: end(r.s_kind, r.s_type, r.s_name),
    destination: end(r.d_kind, r.d_type, r.d_name),
  };
}
