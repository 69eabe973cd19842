/**
 * How a level's nodes are shared out between threads: a node with enough rows is cut into one
 * equal share per thread; a smaller one goes whole to the thread with the fewest rows so far.
 * Sharing changes only who does the work, never its result (sums are exact, partitions stable).
 */

/** Below this many rows per thread a node is not cut: the shares would cost more than they save. */
const MIN_SHARE = 2048;

export interface Segment {
  readonly start: number;
  readonly end: number;
}

/** Per thread, `start, end, index` triples: its share of node `index`'s rows `[start, end)`. */
export function shareRows(nodes: readonly Segment[], threads: number): number[][] {
  const lists: number[][] = Array.from({ length: threads }, () => []);
  const load = new Float64Array(threads);
  for (const [index, { start, end }] of nodes.entries()) {
    const rows = end - start;
    if (threads > 1 && rows >= MIN_SHARE * threads) {
      for (let t = 0; t < threads; t++) {
        lists[t].push(start + Math.floor((t * rows) / threads), start + Math.floor(((t + 1) * rows) / threads), index);
        load[t] += rows / threads;
      }
      continue;
    }
    let least = 0;
    for (let t = 1; t < threads; t++) if (load[t] < load[least]) least = t;
    lists[least].push(start, end, index);
    load[least] += rows;
  }
  while (lists.length > 1 && lists[lists.length - 1].length === 0) lists.pop();
  return lists;
}
