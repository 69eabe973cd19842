/**
 * Lineage and the registry at scale, on SQLite and on PostgreSQL: a home with 10,000 runs of a
 * 6-step pipeline (bench/lineage/generate.ts: runs, steps, artifacts, a registered version per
 * run and their lineage; 100 raw data sets, each read by 100 runs), then
 *
 * - QueryLineage upstream from a run's model, depth 10 (`metadata.lineage.query`): ≤ 50 ms;
 * - QueryLineage downstream from a raw data set, depth 10 (~1,300 vertices reached): ≤ 50 ms;
 * - registering a version (`metadata.registry.registerVersion`): ≤ 5 ms;
 * - whole `godwit runs list` and `godwit runs show RUN` processes from a built install (dist/,
 *   as bench/startup builds it), minus `node -e 0` run interleaved with them: ≤ 150 ms.
 *
 *   node --conditions=godwit-source --import tsx bench/lineage/run.ts
 *   BENCH_RUNS=1000 BENCH_SAMPLES=50 BENCH_REPEAT=11 BENCH_BACKENDS=sqlite,postgres
 *
 * In-process figures are median and p95 of BENCH_SAMPLES calls (a different run or data set each
 * time, after a warm-up); whole-process figures of BENCH_REPEAT rounds. PostgreSQL is a throw-away
 * server started as scripts/postgres-server.mjs starts the test suite's (fsync off).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error: a plain ES module of the test scripts, without types
import { findPostgresBin, startPostgres } from '../../scripts/postgres-server.mjs';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openDatabase } from '../../src/db/open-database.js';
import { artifactArn } from '../../src/lineage/lineage-names.js';
import { openMetadata } from '../../src/meta/index.js';
import { makeInstalls } from '../startup/install.js';
import { type Command, timeOnce } from '../startup/measure.js';
import { copyToPostgres } from './copy-to-postgres.js';
import { DATA_SETS, generate, modelArtifact, rawDigest, rawUri, runIdOf } from './generate.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 50);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 11);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',');
const repo = resolve(import.meta.dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-lineage-'));

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const median = (xs: readonly number[]) => quantile(xs, 0.5);
const p95 = (xs: readonly number[]) => quantile(xs, 0.95);

interface Row {
  readonly backend: string;
  readonly label: string;
  readonly median: number;
  readonly p95: number;
  readonly target: number;
  readonly note?: string;
}

function print(row: Row): void {
  const ratio = row.median / row.target;
  console.log(
    `| ${row.backend} | ${row.label} | ${row.median.toFixed(2)} ms | ${row.p95.toFixed(2)} ms | ≤ ${row.target} ms | ${ratio.toFixed(2)}× of target | ${ratio <= 1 ? 'met' : 'NOT met'} |${row.note ? ` ${row.note} |` : ''}`,
  );
}

/** Wall times of `n` calls, and their CPU times in this process (on a loaded machine, wall is mostly waiting for a core). */
async function timed(n: number, f: (i: number) => Promise<unknown>): Promise<number[] & { cpu: number[] }> {
  for (let i = 0; i < 3; i++) await f(n + i);
  const out = Object.assign([] as number[], { cpu: [] as number[] });
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
    const d = process.cpuUsage(c);
    out.cpu.push((d.user + d.system) / 1000);
  }
  return out;
}
const cpuNote = (xs: { cpu: number[] }) => `CPU in this process ${median(xs.cpu).toFixed(1)} ms (median)`;

/** Whole processes: `node -e 0` and the command interleaved; the command's figures less the baseline's. */
async function whole(cmd: Command, baseline: Command): Promise<{ median: number; p95: number; note: string }> {
  await timeOnce(baseline);
  await timeOnce(cmd);
  const ours: Awaited<ReturnType<typeof timeOnce>>[] = [];
  const base: Awaited<ReturnType<typeof timeOnce>>[] = [];
  for (let i = 0; i < REPEAT; i++) {
    base.push(await timeOnce(baseline));
    ours.push(await timeOnce(cmd));
  }
  const [ms, baseMs] = [ours.map((s) => s.ms), base.map((s) => s.ms)];
  const cpu = (xs: typeof ours) => median(xs.map((s) => s.cpuMs ?? Number.NaN)).toFixed(0);
  return {
    median: median(ms) - median(baseMs),
    p95: p95(ms) - p95(baseMs),
    note: `wall ${median(ms).toFixed(0)} vs ${median(baseMs).toFixed(0)} ms; CPU ${cpu(ours)} vs ${cpu(base)} ms (medians)`,
  };
}

const server = BACKENDS.includes('postgres') ? await startPostgres(findPostgresBin()) : undefined;
try {
  const install = makeInstalls(repo, root).find((i) => i.label === 'dist');
  if (!install) throw new Error('no dist install');
  const work = join(root, 'cwd');
  mkdirSync(work);
  const baseline: Command = { argv: ['-e', '0'], cwd: work };
  console.log(`${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
  console.log(`${RUNS} runs; ${SAMPLES} samples in process, ${REPEAT} rounds of whole processes\n`);
  const rows: Row[] = [];
  const sqliteHome = godwitHome(join(root, 'home-sqlite'));
  {
    const metadata = await openMetadata(sqliteHome, systemClock, {});
    const t0 = performance.now();
    let last = 0;
    await generate(metadata, sqliteHome.root, RUNS, (done) => {
      if (done - last >= 1000 || done === RUNS) {
        last = done;
        process.stderr.write(`${done} runs recorded (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
      }
    });
    await metadata.close();
  }
  for (const backend of BACKENDS) {
    // One home for both: PostgreSQL holds a copy of the SQLite file's rows (copy-to-postgres.ts).
    const home = sqliteHome;
    const url = backend === 'postgres' ? (server?.url as string) : undefined;
    if (url) {
      const t0 = performance.now();
      await (await openMetadata(home, systemClock, { url })).close();
      const [from, to] = [await openDatabase({ file: home.metadataFile }), await openDatabase({ url })];
      const rowsCopied = await copyToPostgres(from, to);
      await Promise.all([from.close(), to.close()]);
      process.stderr.write(`${rowsCopied} rows copied to PostgreSQL (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
    const metadata = await openMetadata(home, systemClock, { url });
    const pick = (i: number) => (i * 7919) % RUNS;
    let upSize = 0;
    let downSize = 0;
    const up = await timed(SAMPLES, async (i) => {
      const r = await metadata.lineage.query({
        startArns: [modelArtifact(home.root, pick(i)).arn],
        direction: 'Ascendants',
        maxDepth: 10,
      });
      upSize = r.vertices.length;
    });
    const down = await timed(SAMPLES, async (i) => {
      const d = i % DATA_SETS;
      await metadata.lineage.query({ startArns: [artifactArn(rawUri(d), rawDigest(d))], direction: 'Descendants', maxDepth: 10 });
    });
    let token: string | undefined;
    do {
      const page = await metadata.lineage.query({
        startArns: [artifactArn(rawUri(0), rawDigest(0))],
        direction: 'Descendants',
        nextToken: token,
      });
      downSize += page.vertices.length;
      token = page.nextToken;
    } while (token);
    const register = await timed(SAMPLES, (i) =>
      metadata.registry.registerVersion({
        group: 'BenchRegister',
        modelUri: `file:///bench/models/${i}/`,
        modelSha256: 'f'.repeat(64),
        approvalStatus: 'PendingManualApproval',
        runId: runIdOf(i),
        step: 'register',
        actor: 'bench',
      }),
    );
    await metadata.close();
    rows.push(
      {
        backend,
        label: `QueryLineage up from a model, depth 10 (${upSize} vertices)`,
        median: median(up),
        p95: p95(up),
        target: 50,
        note: cpuNote(up),
      },
      {
        backend,
        label: `QueryLineage down from a data set, depth 10 (${downSize} vertices, first page of 100)`,
        median: median(down),
        p95: p95(down),
        target: 50,
        note: cpuNote(down),
      },
      { backend, label: 'registerVersion', median: median(register), p95: p95(register), target: 5, note: cpuNote(register) },
    );
    const env = { GODWIT_HOME: home.root, ...(url ? { GODWIT_DATABASE_URL: url } : {}) };
    for (const [label, args] of [
      ['`godwit runs list` less `node -e 0`', ['runs', 'list']],
      [`\`godwit runs show\` less \`node -e 0\``, ['runs', 'show', runIdOf(RUNS >> 1)]],
    ] as const) {
      const figure = await whole({ argv: [install.bin, ...args], cwd: work, env }, baseline);
      rows.push({ backend, label, ...figure, target: 150 });
    }
  }
  console.log(`\nload average ${loadavg()[0].toFixed(1)} at the end\n`);
  console.log('| database | case | median | p95 | target | ratio | verdict | |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) print(row);
} finally {
  server?.stop();
  rmSync(root, { recursive: true, force: true });
}
