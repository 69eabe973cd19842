/**
 * The boosted-tree pool's hand-offs (`pool-hand-off.ts`): a share is run by its worker or, when
 * the worker has not started it, by the caller, and either way its answer comes back in its place;
 * a share failing in a worker is an error the caller throws, and the worker goes on serving.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GodwitError } from '../../../src/core/errors.js';
import type { PartitionTask } from '../../../src/ml/boosted-trees/partition.js';
import { threadPool } from '../../../src/ml/boosted-trees/thread-pool.js';
import { seededRandom } from '../../../src/ml/random.js';

const ROWS = 600_000;
/** How long a test keeps handing off before giving up on the worker ever claiming a share. */
const PATIENCE_MS = 60_000;

/** Two partition shares of one column: the caller's large, the worker's small; their left counts. */
function shares(bins = [3, 6]): { tasks: PartitionTask[]; lefts: number[] } {
  const random = seededRandom(5);
  const columns = new Uint8Array(new SharedArrayBuffer(ROWS));
  for (let r = 0; r < ROWS; r++) columns[r] = Math.floor(random() * 10);
  const order = new Uint32Array(new SharedArrayBuffer(ROWS * 4)).map((_, i) => i);
  const spare = new Uint32Array(new SharedArrayBuffer(ROWS * 4));
  const cut = ROWS - 50_000;
  const ranges = [
    [0, cut],
    [cut, ROWS],
  ];
  const tasks = ranges.map(([start, end], i) => ({
    columns,
    rows: ROWS,
    missing: 10,
    order,
    spare,
    shares: Int32Array.from([start, end, 0, bins[i], 0]),
  }));
  const lefts = ranges.map(([start, end], i) => columns.subarray(start, end).filter((c) => c <= bins[i]).length);
  return { tasks, lefts };
}

test('each share comes back in its place whether the worker or the caller ran it, and the worker runs some', async () => {
  const pool = threadPool(2);
  const { tasks, lefts } = shares();
  const before = pool.workerShares();
  const start = Date.now();
  let handOffs = 0;
  while (pool.workerShares() === before && Date.now() - start < PATIENCE_MS) {
    const results = await pool.runShares('partition', tasks);
    assert.deepEqual(
      results.map((r) => r[0]),
      lefts,
    );
    handOffs++;
  }
  assert.ok(pool.workerShares() > before, `no share of ${handOffs} hand-offs was run by the worker`);
});

test('a share failing in a worker is an E_INTERNAL error, and the worker goes on serving', async () => {
  const pool = threadPool(2);
  const { tasks, lefts } = shares();
  const broken = [tasks[0], { ...tasks[1], order: null as unknown as Uint32Array }];
  const start = Date.now();
  let fromWorker: unknown;
  while (fromWorker === undefined && Date.now() - start < PATIENCE_MS) {
    // The caller, taking a share the worker has not started, fails with the job's own error.
    const err = await pool.runShares('partition', broken).then(
      () => assert.fail('a share without rows to partition succeeded'),
      (e: unknown) => e,
    );
    if (err instanceof GodwitError) fromWorker = err;
    else assert.ok(err instanceof TypeError, String(err));
  }
  assert.ok(fromWorker instanceof GodwitError, 'the worker never claimed the failing share');
  assert.equal(fromWorker.code, 'E_INTERNAL');
  assert.match(fromWorker.message, /training thread failed/);
  const results = await pool.runShares('partition', tasks);
  assert.deepEqual(
    results.map((r) => r[0]),
    lefts,
  );
});

test("after a share fails, no answer of that hand-off is taken for a later one's", async () => {
  const pool = threadPool(2);
  const broken = shares().tasks;
  broken[0] = { ...broken[0], order: null as unknown as Uint32Array };
  // The same rows cut at other bins: a stale answer of the failed hand-off would show.
  const { tasks, lefts } = shares([5, 1]);
  for (let i = 0; i < 50; i++) {
    // The failing share is the caller's own, but a worker may take it when the caller is slow to.
    await assert.rejects(pool.runShares('partition', broken), (err) => err instanceof TypeError || err instanceof GodwitError);
    const results = await pool.runShares('partition', tasks);
    assert.deepEqual(
      results.map((r) => r[0]),
      lefts,
    );
  }
});

test('a job cut into more shares than threads comes back in share order, however the threads took them', async () => {
  const pool = threadPool(2);
  const { tasks } = shares();
  const cuts = [0, 100_000, 250_000, 400_000, ROWS];
  const many = cuts.slice(1).map((end, i) => ({ ...tasks[0], shares: Int32Array.from([cuts[i], end, 0, i + 2, 0]) }));
  const lefts = many.map(
    (task) => task.columns.subarray(task.shares[0], task.shares[1]).filter((c) => c <= task.shares[3]).length,
  );
  for (let i = 0; i < 20; i++) {
    const results = await pool.runShares('partition', many);
    assert.deepEqual(
      results.map((r) => r[0]),
      lefts,
    );
  }
});
