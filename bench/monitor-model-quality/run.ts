/**
 * Model-quality run over captured traffic: Godwit's `ModelQuality` job (read the window's capture
 * files, read the ground truth, merge by eventId, binary metrics with Spark's curves and the
 * 5 × 80% standard deviations, write the files) beside the same merge and metrics in pandas +
 * scikit-learn (Debian's /usr/bin/python3) on the same files, in one run.
 *
 *   npx tsx bench/monitor-model-quality/run.ts [records=200000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { ModelQuality } from '../../src/monitor/model-quality/index.js';

const N = Number(process.argv[2] ?? 200_000);
const FILES = 20;
const dir = join(tmpdir(), `godwit-bench-mq-${process.pid}`);
const start = new Date('2026-12-05T10:00:00Z');

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function writeData(): void {
  const random = seeded(1);
  const perFile = Math.ceil(N / FILES);
  for (let f = 0; f < FILES; f++) {
    const capture: string[] = [];
    const truth: string[] = [];
    for (let i = f * perFile; i < Math.min(N, (f + 1) * perFile); i++) {
      const label = random() < 0.3 ? 1 : 0;
      const score = Math.min(1, Math.max(0, 0.35 * label + random() * 0.65)).toFixed(6);
      const time = new Date(start.getTime() + Math.floor((i / N) * 3_000_000)).toISOString().slice(0, 19);
      capture.push(
        `{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"${i},${score},3.5,7","encoding":"CSV"},"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"${score}","encoding":"CSV"}},"eventMetadata":{"eventId":"ev-${i}","inferenceTime":"${time}Z"},"eventVersion":"0"}`,
      );
      truth.push(
        `{"groundTruthData":{"data":"${label}","encoding":"CSV"},"eventMetadata":{"eventId":"ev-${i}"},"eventVersion":"0"}`,
      );
    }
    const name = `${String(f).padStart(2, '0')}-00-000-bench.jsonl`;
    mkdirSync(join(dir, 'capture/ep/AllTraffic/2026/12/05/10'), { recursive: true });
    mkdirSync(join(dir, 'truth/2026/12/05/11'), { recursive: true });
    writeFileSync(join(dir, 'capture/ep/AllTraffic/2026/12/05/10', name), `${capture.join('\n')}\n`);
    writeFileSync(join(dir, 'truth/2026/12/05/11', name), `${truth.join('\n')}\n`);
  }
}

async function godwit(): Promise<{ wall: number; cpu: number; auc: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await ModelQuality.run({
    type: 'ModelQuality',
    dataset: {
      kind: 'capture',
      captureUri: join(dir, 'capture'),
      endpointName: 'ep',
      start,
      end: new Date(start.getTime() + 3_600_000),
    },
    outputUri: join(dir, 'out'),
    config: { ProblemType: 'BinaryClassification', ProbabilityAttribute: '0', GroundTruthS3Input: { S3Uri: join(dir, 'truth') } },
    clock: { ...systemClock, now: () => new Date('2026-12-05T12:00:00Z') },
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (result.status !== 'Completed') throw new Error(result.failureReason);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, auc: result.metrics.find((m) => m.name === 'auc')!.value };
}

const PANDAS = `
import glob, json, os, sys, time
import numpy as np, pandas as pd
from sklearn import metrics as M
# Timed from here: Godwit's modules are loaded before its timing too.
t0, c0 = time.perf_counter(), time.process_time()
d = sys.argv[1]
cap = pd.concat([pd.read_json(f, lines=True) for f in sorted(glob.glob(d + '/capture/ep/*/2026/12/05/10/*.jsonl'))])
gt = pd.concat([pd.read_json(f, lines=True) for f in sorted(glob.glob(d + '/truth/2026/12/05/11/*.jsonl'))])
cap = pd.DataFrame({'id': cap['eventMetadata'].map(lambda m: m['eventId']), 's': cap['captureData'].map(lambda c: float(c['endpointOutput']['data']))})
gt = pd.DataFrame({'id': gt['eventMetadata'].map(lambda m: m['eventId']), 'y': gt['groundTruthData'].map(lambda g: int(g['data']))})
m = cap.merge(gt, on='id')
p = (m['s'] >= 0.5).astype(int)
out = {'accuracy': M.accuracy_score(m['y'], p), 'precision': M.precision_score(m['y'], p), 'recall': M.recall_score(m['y'], p),
       'f1': M.f1_score(m['y'], p), 'auc': M.roc_auc_score(m['y'], m['s']), 'cm': M.confusion_matrix(m['y'], p).tolist()}
fpr, tpr, _ = M.roc_curve(m['y'], m['s'])
print(json.dumps({'wall': (time.perf_counter() - t0) * 1000, 'cpu': (time.process_time() - c0) * 1000, 'auc': out['auc'], 'n': len(m)}))
`;

function pandas(): { wall: number; cpu: number; auc: number } {
  const r = spawnSync('/usr/bin/python3', ['-c', PANDAS, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

try {
  writeData();
  const g = [await godwit(), await godwit(), await godwit()].sort((a, b) => a.wall - b.wall)[1]!;
  const p = [pandas(), pandas(), pandas()].sort((a, b) => a.wall - b.wall)[1]!;
  if (Math.abs(g.auc - p.auc) > 1e-9) throw new Error(`auc differs: ${g.auc} vs ${p.auc}`);
  const row = (name: string, r: { wall: number; cpu: number }) =>
    `${name.padEnd(26)} wall ${r.wall.toFixed(0).padStart(6)} ms  cpu ${r.cpu.toFixed(0).padStart(6)} ms  ${((N / r.wall) * 1000).toFixed(0).padStart(8)} records/s`;
  console.log(`model-quality run, ${N} captured records + ${N} labels in ${FILES} + ${FILES} files (median of 3)`);
  console.log(row('godwit ModelQuality.run', g));
  console.log(row('pandas + scikit-learn', p));
  console.log(`ratio (pandas / godwit): wall ${(p.wall / g.wall).toFixed(2)}x, cpu ${(p.cpu / g.cpu).toFixed(2)}x; auc ${g.auc}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
