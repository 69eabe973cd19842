/**
 * Routing rows down a round's trees by their bins (margin-routing.ts, the gradient pass's way of
 * adding trees to the margins with several threads) reaches the leaf that prediction on the raw
 * values reaches, missing values and leaves of any depth included, for every row of a block.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binMatrix } from '../../../src/ml/boosted-trees/binning.js';
import { addTrees, roundTree } from '../../../src/ml/boosted-trees/margin-routing.js';
import { threadPool } from '../../../src/ml/boosted-trees/thread-pool.js';
import { rawLeaf, TreeNodes } from '../../../src/ml/boosted-trees/tree-nodes.js';
import { dataSet } from './fixtures.js';

test('routing by bins adds each row the value of the leaf its raw values reach', async () => {
  const { x } = dataSet(5001, 3);
  const binned = await binMatrix(x, 32, threadPool(1));
  const nodes = new TreeNodes();
  // Root on feature 2 (10% missing, default left); its left child on feature 0 (default right),
  // its right child a leaf at depth 1; then feature 5 (4 values) under the left-left node.
  const splits: [number, number, number, number, boolean][] = [];
  const grow = (id: number, feature: number, bin: number, defaultLeft: boolean) => {
    nodes.split(id, { feature, bin, defaultLeft, gain: 1, condition: binned.cuts[feature][bin] });
    const left = nodes.add(1, 0.25 * (id + 1));
    const right = nodes.add(1, -0.5 * (id + 1));
    nodes.link(id, left, right);
    splits.push([id, left, right, feature, defaultLeft]);
    return [left, right];
  };
  const root = nodes.add(1, 0);
  const [l] = grow(root, 2, 12, true);
  const [ll] = grow(l, 0, 20, false);
  grow(ll, 5, 1, true);
  const tree = nodes.finish();
  const margins = new Float64Array(x.rows * 2).fill(0.5);
  const routing = { trees: [roundTree(tree, 1, x.rows)], columns: binned.columns, missing: binned.missing };
  // Two blocks, the first of odd length (routing takes rows two at a time).
  addTrees(routing, margins, 2, 0, 2001);
  addTrees(routing, margins, 2, 2001, x.rows);
  const reached = new Set<number>();
  for (let r = 0; r < x.rows; r++) {
    const leaf = rawLeaf(tree.tree, x.data, r * x.cols);
    reached.add(leaf);
    assert.equal(margins[2 * r + 1], 0.5 + tree.tree.condition[leaf], `row ${r}`);
    assert.equal(margins[2 * r], 0.5, 'other groups untouched');
  }
  assert.equal(reached.size, 4, 'every leaf is reached');
});
