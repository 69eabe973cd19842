import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunReport } from '../../runs/run-report.js';
import { stageModelData } from '../../serving/model-data.js';
import { RUNTIMES } from '../../serving/runtimes/index.js';
import { storeOptionsFor } from '../artifact-location.js';
import { type CliIo, homeOf, write } from '../cli-io.js';

/**
 * The demo's last act: the model it just registered, served in this process the way an endpoint
 * instance serves it (staged as /opt/ml/model, started by its runtime), asked about one abalone
 * of the held-out test set, then stopped, with the commands that keep it serving (capturing its
 * traffic) and watch that traffic with a data-quality schedule against a baseline of the training
 * set (demo-monitor.ts). Loaded only
 * after a successful demo run, so `godwit run` never pays for it.
 */
export async function serveDemoModel(report: RunReport, io: CliIo): Promise<void> {
  const version = report.modelVersions[0];
  const test = report.artifacts.find((a) => a.step === 'preprocess' && a.name === 'test');
  if (!version || !test) return;
  const home = homeOf(io);
  const dir = await mkdtemp(join(tmpdir(), 'godwit-demo-serve-'));
  try {
    const options = { home, storeOptions: await storeOptionsFor(io, [version.modelUri, test.uri]) };
    await Promise.all([
      stageModelData(version.modelUri, join(dir, 'model'), options),
      stageModelData(test.uri, join(dir, 'test'), options),
    ]);
    const row = (await readFile(join(dir, 'test', test.files[0].path), 'utf8')).split('\n')[0];
    const [label, ...features] = row.split(',');
    const runtime = await RUNTIMES['linear-learner']();
    const began = performance.now();
    const instance = await runtime.start({ container: {}, modelDir: join(dir, 'model'), home, workDir: join(dir, 'work') });
    const answer = await instance.invoke({ body: Buffer.from(features.join(',')), contentType: 'text/csv' });
    const ms = performance.now() - began;
    await instance.close();
    const rings = Number(answer.body.toString('utf8').trim());
    const { writeDemoBaseline, monitoringLines } = await import('./demo-monitor.js');
    const monitoring = await writeDemoBaseline(report, home, options.storeOptions, dir);
    const capture = monitoring ? ` --capture-uri ${monitoring.captureUri}` : '';
    write(io.stdout, serveLines(version.group, version.version, rings, Number(label), ms, features.join(','), capture));
    if (monitoring) write(io.stdout, monitoringLines(monitoring).join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function serveLines(
  group: string,
  version: number,
  rings: number,
  actual: number,
  ms: number,
  body: string,
  capture: string,
): string {
  return [
    '',
    `Served ${group} version ${version} in-process (linear-learner, started and answered in ${ms.toFixed(1)} ms):`,
    `  one held-out abalone → ${rings.toFixed(2)} rings predicted (${actual} counted); stopped again.`,
    '',
    'Keep it serving behind the SageMaker API:',
    `  godwit models approve ${group} ${version}`,
    '  godwit server --detach',
    `  godwit endpoint create abalone --model ${group}/latest-approved${capture}`,
    `  godwit endpoint invoke abalone --body "${body}"`,
  ].join('\n');
}
