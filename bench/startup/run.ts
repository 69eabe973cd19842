/**
 * Start-up as a user feels it: whole `godwit` processes, run through bin/godwit.js from a built
 * install (dist/) and from the sources (tsx), each beside `node -e 0` in the same run.
 *
 *   npm run bench:startup      (BENCH_REPEAT=N for N timed rounds, default 11; demo uses N/2)
 *   BENCH_INSTALLS=dist        (only the built install; `source` for only the sources)
 *
 * Targets (2-core VM): `--help` ≤ 1.3× `node -e 0`; `runs list` ≤ 150 ms over it (200 runs of
 * a 1,000-step pipeline in the home); `run` of a 1-step YAML pipeline ≤ 250 ms over it;
 * `godwit demo` ≤ 1.0 s wall time.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeHomeWithRuns, makeOneStepPipelines } from './fixtures.js';
import { makeInstalls } from './install.js';
import { type Command, type Figure, measure } from './measure.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 11);
const repo = resolve(import.meta.dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'godwit-bench-startup-'));

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly before?: Command['before'];
  readonly repeat?: number;
  /** The target, as a test of the figure, and its wording. */
  readonly target?: readonly [(f: Figure) => boolean, string];
}

function cases(one: { yaml: string; json: string }, runsHome: string, installDir: string): Case[] {
  const scratch = join(root, `homes-${Date.now()}`);
  let n = 0;
  const freshHome = () => ({ GODWIT_HOME: join(scratch, `h${n++}`) });
  return [
    { label: 'godwit --help', args: ['--help'], target: [(f) => f.ratio <= 1.3, '≤ 1.3×'] },
    {
      label: 'godwit runs list (200 runs × 1,000 steps)',
      args: ['runs', 'list'],
      env: { GODWIT_HOME: runsHome },
      target: [(f) => f.overheadMs <= 150, '≤ +150 ms'],
    },
    { label: 'godwit validate 1-step YAML', args: ['validate', one.yaml] },
    { label: 'godwit validate 1-step JSON', args: ['validate', one.json] },
    {
      label: 'godwit validate examples/abalone/pipeline.ts',
      args: ['validate', join(installDir, 'examples/abalone/pipeline.ts')],
    },
    {
      label: 'godwit run 1-step YAML',
      args: ['run', one.yaml],
      env: { GODWIT_HOME: join(root, `home-run-${Date.now()}`) },
      target: [(f) => f.overheadMs <= 250, '≤ +250 ms'],
    },
    {
      label: 'godwit demo (fresh home each time)',
      args: ['demo'],
      before: freshHome,
      repeat: Math.max(3, Math.ceil(REPEAT / 2)),
      target: [(f) => f.ms <= 1000, '≤ 1,000 ms wall'],
    },
  ];
}

function row(f: Figure, target?: Case['target']): string {
  const verdict = target ? `${target[1]}: ${target[0](f) ? 'met' : 'NOT met'}` : '';
  const cpu = f.cpuMs === undefined ? ' – |' : ` ${f.cpuMs.toFixed(0)} ms vs ${f.baselineCpuMs?.toFixed(0)} ms |`;
  return `| ${f.label} | ${f.ms.toFixed(0)} ms | ${f.baselineMs.toFixed(0)} ms | ${f.ratio.toFixed(2)}× | +${f.overheadMs.toFixed(0)} ms |${cpu} ${verdict} |`;
}

try {
  const wanted = (process.env.BENCH_INSTALLS ?? 'dist,source').split(',');
  const installs = makeInstalls(repo, root).filter((i) => wanted.includes(i.label));
  const one = makeOneStepPipelines(root);
  const t0 = performance.now();
  const runsHome = await makeHomeWithRuns(root, 200, 1000);
  console.log(`home with 200 runs × 1,000 steps made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const work = join(root, 'cwd');
  mkdirSync(work);
  const baseline: Command = { argv: ['-e', '0'], cwd: work };
  console.log(`${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${REPEAT} rounds, medians\n`);
  for (const install of installs) {
    console.log(`### ${install.label} (${install.bin})\n`);
    console.log('| command | godwit | node -e 0 | ratio | overhead | CPU (godwit vs node) | target |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of cases(one, runsHome, join(install.bin, '../..'))) {
      const cmd: Command = { argv: [install.bin, ...c.args], cwd: work, env: c.env, before: c.before };
      console.log(row(await measure(c.label, cmd, baseline, c.repeat ?? REPEAT), c.target));
    }
    console.log('');
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
