/**
 * What the commands under test work on, made once per bench run through the library: a home
 * holding many recorded runs of a large pipeline (for `godwit runs list`) and 1-step pipelines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { openMetadata } from '../../src/meta/index.js';
import type { MetaWrite } from '../../src/meta/metadata-store.js';
import { pipeline, processing, type Step } from '../../src/pipeline/dsl/index.js';

/** A home with `runs` succeeded runs of a `steps`-step chain, each with its step records. */
export async function makeHomeWithRuns(root: string, runs: number, steps: number): Promise<string> {
  const home = godwitHome(join(root, 'home-runs'));
  mkdirSync(home.root, { recursive: true });
  const chain: Step[] = [];
  for (let i = 0; i < steps; i++) chain.push(processing(`step-${i}`, { command: ['true'], dependsOn: i ? [chain[i - 1]] : [] }));
  const ir = pipeline('big-chain', { steps: chain }).ir;
  const metadata = await openMetadata(home, systemClock);
  try {
    for (let r = 0; r < runs; r++) {
      const id = `run-20261205-${String(r).padStart(6, '0')}-bench`;
      const startedAt = new Date(Date.UTC(2026, 11, 5, 0, 0, r));
      await metadata.store.createRun({
        id,
        pipeline: ir.name,
        ir,
        parameters: {},
        baseDir: root,
        runDir: join(home.root, 'runs', id),
        startedAt,
        pid: process.pid,
        host: 'bench',
      });
      const batch: MetaWrite[] = ir.steps.map((s) => ({
        step: { runId: id, name: s.name, type: s.type, status: 'succeeded', startedAt, endedAt: startedAt, attempts: 1 },
      }));
      await metadata.store.write(batch);
      await metadata.store.updateRun(id, { status: 'succeeded', endedAt: new Date(startedAt.getTime() + 60_000) });
    }
  } finally {
    await metadata.store.close();
  }
  return home.root;
}

/** A 1-step YAML pipeline (a processing step running `true`) and the same IR as JSON. */
export function makeOneStepPipelines(root: string): { yaml: string; json: string } {
  const dir = join(root, 'one-step');
  mkdirSync(dir, { recursive: true });
  const ir = pipeline('one-step', { steps: [processing('only', { command: ['true'] })] }).ir;
  const yaml = join(dir, 'pipeline.yaml');
  const json = join(dir, 'pipeline.json');
  writeFileSync(
    yaml,
    `apiVersion: ${ir.apiVersion}\nkind: Pipeline\nname: one-step\nparameters: []\nsteps:\n` +
      '  - name: only\n    type: processing\n    process:\n      command: ["true"]\n    inputs: []\n    outputs: []\n',
  );
  writeFileSync(json, JSON.stringify(ir, null, 2));
  return { yaml, json };
}
