import type { LineageDirection, LineageEntity, LineageQueryResult, LineageStore, LineageVertex } from '../lineage-records.js';

export type LineageEdge = LineageQueryResult['edges'][number];

/** One walk (upstream or downstream) from the starts, every page of it, with the entities it reached. */
export interface LineageWalk {
  readonly direction: 'upstream' | 'downstream';
  readonly vertices: readonly LineageVertex[];
  readonly edges: readonly LineageEdge[];
}

/** What `godwit lineage` draws: the starts, one walk per direction asked for, and every entity met. */
export interface LineageGraph {
  readonly starts: readonly string[];
  readonly walks: readonly LineageWalk[];
  readonly entities: ReadonlyMap<string, LineageEntity>;
}

export interface LineageGraphOptions {
  readonly direction: LineageDirection;
  readonly depth: number;
  readonly types?: readonly string[];
}

/**
 * Walks up and/or down from the starts with QueryLineage (one query per direction, so "both" is
 * two separate walks, as SageMaker's), following its pages, and reads every entity reached.
 */
export async function lineageGraph(
  lineage: LineageStore,
  starts: readonly LineageEntity[],
  options: LineageGraphOptions,
): Promise<LineageGraph> {
  const entities = new Map(starts.map((e) => [e.arn, e]));
  const walks: LineageWalk[] = [];
  const ways: ['Ascendants' | 'Descendants', LineageWalk['direction']][] = [];
  if (options.direction !== 'Descendants') ways.push(['Ascendants', 'upstream']);
  if (options.direction !== 'Ascendants') ways.push(['Descendants', 'downstream']);
  for (const [direction, name] of ways) {
    const vertices: LineageVertex[] = [];
    const edges: LineageEdge[] = [];
    let nextToken: string | undefined;
    do {
      const page = await lineage.query({
        startArns: starts.map((e) => e.arn),
        direction,
        maxDepth: options.depth,
        maxResults: 100,
        filters: options.types && options.types.length > 0 ? { types: options.types } : undefined,
        nextToken,
      });
      vertices.push(...page.vertices);
      edges.push(...page.edges);
      nextToken = page.nextToken;
    } while (nextToken);
    walks.push({ direction: name, vertices, edges });
    for (const v of vertices) {
      if (entities.has(v.arn)) continue;
      const entity = await lineage.get(v.arn);
      if (entity) entities.set(v.arn, entity);
    }
  }
  return { starts: starts.map((e) => e.arn), walks, entities };
}

/** One line's worth of an entity: its type, its URI or name, a short digest and its status. */
export function describeEntity(entity: LineageEntity | undefined, arn: string): string {
  if (!entity) return arn;
  const what =
    entity.kind === 'Artifact'
      ? (entity.sourceUri ?? entity.displayName ?? entity.name)
      : entity.kind === 'Action' && entity.displayName && entity.sourceId && !entity.sourceId.startsWith('arn:')
        ? // A run's step: its display name is the step's alone, which every run of the pipeline shares.
          `${entity.sourceId}/${entity.displayName}`
        : (entity.displayName ?? entity.name);
  const digest = entity.digest ? shortDigest(entity.digest) : undefined;
  return [entity.type, what, digest, entity.status].filter(Boolean).join('  ');
}

export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(':') ? digest.split(':', 2) : ['sha256', digest];
  return `${algorithm}:${hex.slice(0, 12)}`;
}

/** Every vertex and edge of the walks once (a vertex in both at its nearest depth), for the graph formats. */
export function mergedWalks(graph: LineageGraph): { vertices: (LineageVertex & { direction: string })[]; edges: LineageEdge[] } {
  const vertices = new Map<string, LineageVertex & { direction: string }>();
  const edges = new Map<string, LineageEdge>();
  for (const walk of graph.walks) {
    for (const v of walk.vertices) {
      const before = vertices.get(v.arn);
      if (!before || v.depth < before.depth) vertices.set(v.arn, { ...v, direction: walk.direction });
    }
    for (const e of walk.edges) edges.set(`${e.sourceArn}\n${e.destinationArn}`, e);
  }
  return { vertices: [...vertices.values()], edges: [...edges.values()] };
}
