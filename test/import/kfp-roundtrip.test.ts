/**
 * The KFP importer against Godwit's own KFP compiler: the container-only fixture imports,
 * compiles back to the same tasks, edges and parameters, and runs here with its real commands;
 * the golden cases compiled to KFP import back to the steps and edges they were compiled from,
 * or are refused with the feature that does not map.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileKfp } from '../../src/compile/kfp/kfp-compiler.js';
import { BUILTIN_PROFILES } from '../../src/compile/profiles.js';
import { GodwitError } from '../../src/core/errors.js';
import { importKfpPipelineSpec } from '../../src/import/kfp/kfp-import.js';
import type { Pipeline } from '../../src/pipeline/dsl/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { harness } from '../helpers/harness.js';
import { FIXTURES, GOLDEN, irGraph, kfpGraph, readSpec, type Spec } from './kfp-fixtures.js';

const fixture = () => readSpec(`${FIXTURES}container-pipeline.yaml`);

/** Only the graph of the steps that run commands: conditions are named anew by each side. */
function commandSteps(ir: PipelineIR) {
  const graph = irGraph(ir);
  const conditions = new Set(ir.steps.filter((s) => s.type === 'condition').map((s) => s.name));
  return Object.fromEntries(
    Object.entries(graph)
      .filter(([name]) => !conditions.has(name))
      .map(([name, g]) => [name, g.upstream.filter((u) => !conditions.has(u))]),
  );
}

describe('the container-only fixture', () => {
  test('compiles back through the KFP compiler to the same tasks, edges and parameters', async () => {
    const original = fixture();
    const { ir } = await importKfpPipelineSpec(original);
    const compiled = compileKfp(ir, BUILTIN_PROFILES.gcp).document as Spec;
    assert.deepEqual(kfpGraph(compiled), kfpGraph(original));
    assert.deepEqual(compiled.root.inputDefinitions, original.root.inputDefinitions);
    assert.equal(
      compiled.root.dag.tasks['condition-1'].triggerPolicy.condition,
      "int(inputs.parameter_values['pipelinechannel--repeat']) > 2",
    );
    assert.deepEqual(compiled.root.dag.tasks['count-lines'].retryPolicy, original.root.dag.tasks['count-lines'].retryPolicy);
    assert.equal(compiled.deploymentSpec.executors['exec-shout'].container.image, 'alpine:3.20');
    // And imported again, the same steps and edges.
    const again = await importKfpPipelineSpec(compiled);
    assert.deepEqual(irGraph(again.ir), irGraph(ir));
    assert.deepEqual(again.ir.parameters, ir.parameters);
  });

  for (const [repeat, shouted] of [
    [3, true],
    [2, false],
  ] as const) {
    test(`runs here with its real commands (repeat=${repeat}: ${shouted ? 'shouts' : 'the condition skips shout'})`, async () => {
      const { ir } = await importKfpPipelineSpec(fixture());
      const h = await harness();
      try {
        const outcome = await h.run({ ir, functions: new Map() } as unknown as Pipeline, { repeat, message: 'hi there' });
        assert.equal(outcome.status, 'succeeded', outcome.error);
        const steps = await h.steps(outcome.runId);
        assert.equal(steps.shout.status, shouted ? 'succeeded' : 'skipped');
        const artifacts = await h.services.metadata.store.listArtifacts(outcome.runId);
        const read = (name: string) => {
          const a = artifacts.find((x) => x.name === name);
          assert.ok(a, `artifact ${name}`);
          return readFileSync(join(fileURLToPath(a.uri), a.files[0].path), 'utf8');
        };
        const lines = Array.from({ length: repeat }, (_, i) => `hi there ${i + 1}\n`).join('');
        assert.equal(read('lines'), lines);
        assert.deepEqual(JSON.parse(read('stats')), { lines: repeat });
        if (shouted) assert.equal(read('loud'), lines.toUpperCase());
      } finally {
        await h.close();
      }
    });
  }
});

describe('golden cases compiled to KFP, imported back', () => {
  const cases = readdirSync(GOLDEN).filter((f) => f.endsWith('.kfp.yaml'));
  const refused: Record<string, RegExp> = {
    'json-get': /task "evaluate-evaluation": its component returns output parameters/,
    sql: /task "features": input "query_parameters" is the constant \[/,
    'vertex-contract': /task "train": its container uses \{\{\$\.outputs\.artifacts\['model'\]\.uri\}\}/,
  };
  test('the cases are the ones this test knows', () => {
    assert.ok(cases.length >= 7, cases.join(', '));
  });
  for (const file of cases) {
    const name = file.replace(/\.kfp\.yaml$/, '');
    test(`${name}: ${refused[name] ? 'refused with the feature that does not map' : 'the same steps and edges, and it compiles again'}`, async () => {
      const spec = readSpec(join(GOLDEN, file));
      if (refused[name]) {
        await assert.rejects(importKfpPipelineSpec(spec), (err: unknown) => {
          assert.ok(err instanceof GodwitError && err.code === 'E_IMPORT');
          assert.match(err.message, refused[name]);
          return true;
        });
        return;
      }
      const golden = JSON.parse(readFileSync(join(GOLDEN, `${name}.ir.json`), 'utf8')) as PipelineIR;
      const { ir } = await importKfpPipelineSpec(spec);
      assert.deepEqual(commandSteps(ir), commandSteps(golden));
      assert.deepEqual(
        ir.parameters.map((p) => [p.name, p.type]),
        golden.parameters.map((p) => [p.name, p.type]),
      );
      const compiled = compileKfp(ir, BUILTIN_PROFILES.gcp).document as Spec;
      // Condition DAGs are renumbered (a then/else pair imports as two conditions); container tasks keep their names.
      const containers = (g: Record<string, unknown>) =>
        Object.keys(g)
          .filter((t) => !t.startsWith('condition-'))
          .sort();
      assert.deepEqual(containers(kfpGraph(compiled)), containers(kfpGraph(spec)));
    });
  }
});
