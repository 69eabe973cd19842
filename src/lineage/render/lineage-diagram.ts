import { describeEntity, type LineageGraph, mergedWalks } from './lineage-graph.js';

/** The graph as a Mermaid flowchart (`flowchart LR`), data flowing left to right; starts are highlighted. */
export function renderMermaid(graph: LineageGraph): string {
  const { ids, nodes, edges } = numbered(graph);
  const text = (s: string) => s.replace(/"/g, '#quot;');
  return [
    'flowchart LR',
    ...nodes.map(([arn, label]) => `  ${ids.get(arn)}["${text(label)}"]`),
    ...edges.map((e) => `  ${ids.get(e.sourceArn)} -->|${e.type}| ${ids.get(e.destinationArn)}`),
    ...graph.starts.map((arn) => `  style ${ids.get(arn)} stroke-width:3px`),
  ].join('\n');
}

/** The graph in Graphviz's DOT (`digraph lineage`), for `dot -Tsvg`; starts are bold. */
export function renderDot(graph: LineageGraph): string {
  const { ids, nodes, edges } = numbered(graph);
  const text = (s: string) => JSON.stringify(s);
  return [
    'digraph lineage {',
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    ...nodes.map(
      ([arn, label]) => `  ${ids.get(arn)} [label=${text(label)}${graph.starts.includes(arn) ? ', style=bold' : ''}];`,
    ),
    ...edges.map((e) => `  ${ids.get(e.sourceArn)} -> ${ids.get(e.destinationArn)} [label=${text(e.type)}];`),
    '}',
  ].join('\n');
}

/** Short node ids (n0, n1, …: starts first, then nearest first) and their labels. */
function numbered(graph: LineageGraph) {
  const { vertices, edges } = mergedWalks(graph);
  const arns = [...graph.starts, ...vertices.sort((a, b) => a.depth - b.depth).map((v) => v.arn)];
  const ids = new Map(arns.map((arn, i) => [arn, `n${i}`]));
  const nodes = arns.map((arn) => [arn, describeEntity(graph.entities.get(arn), arn)] as const);
  return { ids, nodes, edges: edges.filter((e) => ids.has(e.sourceArn) && ids.has(e.destinationArn)) };
}
