import { describeEntity, type LineageGraph, type LineageWalk } from './lineage-graph.js';

/**
 * The graph as indented text, one section per direction: each start, then what it came from
 * (upstream) or what used it (downstream), a level of indentation per association. A node met
 * again (a data set two steps read) is shown once and then referred to, never expanded twice.
 * Vertices the walk reached only through nodes a `--type` filter left out hang off the start,
 * with their distance.
 */
export function renderTree(graph: LineageGraph): string {
  const lines: string[] = [];
  for (const walk of graph.walks) {
    if (lines.length > 0) lines.push('');
    lines.push(walk.direction === 'upstream' ? 'Upstream (what it came from):' : 'Downstream (what used it):');
    if (walk.vertices.length === 0) {
      lines.push('  (nothing)');
      continue;
    }
    const next = neighbours(walk);
    const depthOf = new Map(walk.vertices.map((v) => [v.arn, v.depth]));
    const shown = new Set<string>();
    for (const start of graph.starts) {
      lines.push(describeEntity(graph.entities.get(start), start));
      shown.add(start);
      const visit = (arn: string, prefix: string) => {
        const children = (next.get(arn) ?? [])
          .filter((c) => depthOf.has(c) || graph.starts.includes(c))
          .map((c) => [c, describeEntity(graph.entities.get(c), c)] as const)
          .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        children.forEach(([child, label], i) => {
          const last = i === children.length - 1;
          const seen = shown.has(child);
          lines.push(`${prefix}${last ? '└─ ' : '├─ '}${label}${seen ? '  (shown above)' : ''}`);
          if (seen) return;
          shown.add(child);
          visit(child, `${prefix}${last ? '   ' : '│  '}`);
        });
      };
      visit(start, '');
    }
    const loose = walk.vertices.filter((v) => !shown.has(v.arn));
    for (const v of loose) lines.push(`·  ${describeEntity(graph.entities.get(v.arn), v.arn)}  (${v.depth} away)`);
  }
  return lines.join('\n');
}

/** Each node's next nodes in the walk's direction: sources when walking up, destinations down. */
function neighbours(walk: LineageWalk): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of walk.edges) {
    const [from, to] = walk.direction === 'upstream' ? [e.destinationArn, e.sourceArn] : [e.sourceArn, e.destinationArn];
    out.set(from, [...(out.get(from) ?? []), to]);
  }
  return out;
}
