/**
 * How a level's nodes are shared out between the parts of a job (`ThreadPool.parts`): a node with enough rows is cut into one
 * equal share per part; a smaller one goes whole to the part with the fewest rows so far.
 * Sharing changes only who does the work, never its result (sums are exact, partitions stable).
 */

/** Below this many rows per part a node is not cut: the shares would cost more than they save. */
const MIN_SHARE = 2048;

export interface Segment {
  readonly start: number;
  readonly end: number;
}

/** Per part, `start, end, index` triples: its share of node `index`'s rows `[start, end)`. */
export function shareRows(nodes: readonly Segment[], parts: number): number[][] {
  const lists: number[][] = Array.from({ length: parts }, () => []);
  const load = new Float64Array(parts);
  for (const [index, { start, end }] of nodes.entries()) {
    const rows = end - start;
    if (parts > 1 && rows >= MIN_SHARE * parts) {
      for (let t = 0; t < parts; t++) {
        lists[t].push(start + Math.floor((t * rows) / parts), start + Math.floor(((t + 1) * rows) / parts), index);
        load[t] += rows / parts;
      }
      continue;
    }
    let least = 0;
    for (let t = 1; t < parts; t++) if (load[t] < load[least]) least = t;
    lists[least].push(start, end, index);
    load[least] += rows;
  }
  while (lists.length > 1 && lists[lists.length - 1].length === 0) lists.pop();
  return lists;
}
