import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { godwitHome } from '../../src/core/home.js';
import { toFileUri } from '../../src/core/uri.js';
import { openDatabase } from '../../src/db/open-database.js';
import { artifactArn, lineageNames, sha256Digest } from '../../src/lineage/lineage-names.js';
import type { LineageStore } from '../../src/lineage/lineage-records.js';
import type { ArtifactRecord } from '../../src/meta/metadata-store.js';
import { recordSelectiveRun } from '../../src/pipelines/selective-execution.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';
import {
  type Backend,
  IMAGE,
  type LineageHome,
  lineageHome,
  lineageRows,
  openHome,
  preLineageCopy,
  smallPipeline,
} from './runs-lineage-fixture.js';

const fileDigest = (path: string) => `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
const nodeOf = (a: ArtifactRecord) => artifactArn(a.uri, sha256Digest(a.sha256));

async function artifact(h: LineageHome, runId: string, step: string, name: string): Promise<ArtifactRecord> {
  const found = (await h.services.metadata.store.listArtifacts(runId, step)).find((a) => a.name === name);
  assert.ok(found, `run ${runId} has no artifact ${step}/${name}`);
  return found;
}

/** The vertices a query reaches, as `kind type what` lines: an artifact by its URI and digest, anything else by its ARN. */
async function reached(lineage: LineageStore, start: string, direction: 'Ascendants' | 'Descendants'): Promise<string[]> {
  const { vertices } = await lineage.query({ startArns: [start], direction, maxDepth: 10, maxResults: 100 });
  const lines: string[] = [];
  for (const v of vertices) {
    const e = await lineage.get(v.arn);
    assert.ok(e, `the query returned ${v.arn}, which is not recorded`);
    lines.push(v.kind === 'Artifact' ? `Artifact ${e.type} ${e.sourceUri} ${e.digest ?? '-'}` : `${v.kind} ${v.type} ${v.arn}`);
  }
  return lines.sort();
}

for (const backend of ['sqlite', 'postgres'] as Backend[]) {
  describe(`runs lineage on ${backend}`, { skip: backend === 'postgres' ? POSTGRES_SKIP : undefined }, () => {
    test('a run records its lineage: upstream of the model are the data sets, code and image; downstream of a data set the model and the run', async () => {
      const h = await lineageHome(backend);
      try {
        const run = await h.run(smallPipeline('lineage-live'));
        assert.equal(run.status, 'succeeded', run.error);
        const { lineage } = h.services.metadata;
        const model = await artifact(h, run.runId, 'train', 'model');
        const train = await artifact(h, run.runId, 'prep', 'train');
        const raw = join(h.dir, 'data/raw.csv');
        const step = (name: string) => lineageNames.step(run.runId, name);

        assert.deepEqual(
          await reached(lineage, nodeOf(model), 'Ascendants'),
          [
            `Action processing ${step('prep')}`,
            `Action processing ${step('train')}`,
            `Artifact Code ${toFileUri(join(h.dir, 'prep.sh'))} ${fileDigest(join(h.dir, 'prep.sh'))}`,
            `Artifact Code ${toFileUri(join(h.dir, 'train.sh'))} ${fileDigest(join(h.dir, 'train.sh'))}`,
            `Artifact DataSet ${toFileUri(join(h.dir, 'data/labels.csv'))} ${fileDigest(join(h.dir, 'data/labels.csv'))}`,
            `Artifact DataSet ${toFileUri(raw)} ${fileDigest(raw)}`,
            `Artifact DataSet ${train.uri} ${sha256Digest(train.sha256)}`,
            `Artifact Image ${IMAGE} sha256:${'ab'.repeat(32)}`,
          ].sort(),
        );

        const test = await artifact(h, run.runId, 'prep', 'test');
        const report = await artifact(h, run.runId, 'evaluate', 'report');
        assert.deepEqual(
          await reached(lineage, artifactArn(toFileUri(raw), fileDigest(raw)), 'Descendants'),
          [
            `Action processing ${step('prep')}`,
            `Action processing ${step('train')}`,
            `Action processing ${step('evaluate')}`,
            // The condition read the report's accuracy (a JsonGet of its property file).
            `Action condition ${step('check')}`,
            `Artifact DataSet ${train.uri} ${sha256Digest(train.sha256)}`,
            `Artifact DataSet ${test.uri} ${sha256Digest(test.sha256)}`,
            `Artifact Model ${model.uri} ${sha256Digest(model.sha256)}`,
            `Artifact Metrics ${report.uri} ${sha256Digest(report.sha256)}`,
            `Context PipelineExecution ${lineageNames.run(run.runId)}`,
            `Context SageMakerPipeline ${lineageNames.pipeline('lineage-live')}`,
          ].sort(),
        );

        const context = await lineage.get(lineageNames.run(run.runId));
        assert.equal(context?.sourceId, run.runId);
        assert.equal(context?.sourceUri, `arn:aws:sagemaker:us-east-1:000000000000:pipeline/lineage-live/execution/${run.runId}`);
        assert.equal(context?.properties?.status, 'succeeded');
        assert.equal(context?.properties?.pipeline, 'lineage-live');
        assert.ok(context?.properties?.startedBy, 'the run context names who started the run');
        const prep = await lineage.get(step('prep'));
        assert.equal(prep?.status, 'Completed');
        assert.equal(prep?.type, 'processing');
        assert.deepEqual(prep?.properties, { attempts: '1' });
        assert.equal(await lineage.get(step('too-low')), undefined, 'a skipped step did nothing: no action');
      } finally {
        await h.close();
      }
    });

    test('a cache hit produces the same artifact nodes, and the original step is associated with the cached one', async () => {
      const h = await lineageHome(backend);
      try {
        const p = smallPipeline('lineage-cache', { cache: true });
        const first = await h.run(p);
        const second = await h.run(p);
        assert.equal(second.status, 'succeeded', second.error);
        const { lineage, store } = h.services.metadata;
        assert.equal((await store.listSteps(second.runId)).find((s) => s.name === 'train')?.status, 'cached');

        const model = await artifact(h, second.runId, 'train', 'model');
        assert.equal(nodeOf(model), nodeOf(await artifact(h, first.runId, 'train', 'model')));
        assert.equal((await lineage.find({ sourceUri: model.uri })).length, 1, 'one node for the model, whichever run names it');
        const producers = await lineage.listAssociations({ destinationArn: nodeOf(model), type: 'Produced', maxResults: 100 });
        assert.deepEqual(
          producers.associations.map((a) => a.sourceArn).sort(),
          [lineageNames.step(first.runId, 'train'), lineageNames.step(second.runId, 'train')].sort(),
        );

        const cached = await lineage.get(lineageNames.step(second.runId, 'train'));
        assert.equal(cached?.status, 'Completed');
        assert.equal(cached?.properties?.cachedFrom, first.runId);
        assert.ok(cached?.properties?.cacheKey);
        const link = await lineage.listAssociations({
          sourceArn: lineageNames.step(first.runId, 'train'),
          destinationArn: lineageNames.step(second.runId, 'train'),
        });
        assert.equal(link.associations[0]?.type, 'AssociatedWith');

        // The cached run's lineage still reaches the data its model came from.
        const raw = join(h.dir, 'data/raw.csv');
        const up = await reached(lineage, lineageNames.step(second.runId, 'train'), 'Ascendants');
        assert.ok(up.includes(`Artifact DataSet ${toFileUri(raw)} ${fileDigest(raw)}`), up.join('\n'));
        const down = await reached(lineage, artifactArn(toFileUri(raw), fileDigest(raw)), 'Descendants');
        assert.ok(down.includes(`Context PipelineExecution ${lineageNames.run(second.runId)}`), down.join('\n'));

        // A changed data file is a new node: the old runs keep pointing at what they read.
        await writeFile(raw, 'x,y\n9,9\n');
        const third = await h.run(p);
        assert.equal((await store.listSteps(third.runId)).find((s) => s.name === 'prep')?.status, 'succeeded');
        assert.equal((await lineage.find({ sourceUri: toFileUri(raw) })).length, 2);
      } finally {
        await h.close();
      }
    });

    test('a run resumed after a failure completes its lineage once, without duplicates', async () => {
      const h = await lineageHome(backend);
      try {
        const flag = join(h.dir, 'break.flag');
        await writeFile(flag, '');
        const failed = await h.run(smallPipeline('lineage-resume', { breakFlag: flag }));
        assert.equal(failed.status, 'failed');
        const { lineage } = h.services.metadata;
        const step = (name: string) => lineageNames.step(failed.runId, name);
        assert.equal((await lineage.get(step('train')))?.status, 'Failed');
        assert.equal((await lineage.get(lineageNames.run(failed.runId)))?.properties?.status, 'failed');
        assert.equal(await lineage.get(step('evaluate')), undefined, 'a step that did not run has no action');
        const before = await lineage.listAssociations({ destinationArn: step('train'), maxResults: 100 });

        await rm(flag);
        const resumed = await h.resume(failed.runId);
        assert.equal(resumed.status, 'succeeded', resumed.error);
        const train = await lineage.get(step('train'));
        assert.equal(train?.status, 'Completed');
        assert.equal(train?.properties?.attempts, '2');
        assert.equal((await lineage.get(step('prep')))?.properties?.attempts, '1', 'prep did not run again');
        assert.equal((await lineage.get(lineageNames.run(failed.runId)))?.properties?.status, 'succeeded');
        const after = await lineage.listAssociations({ destinationArn: step('train'), maxResults: 100 });
        assert.deepEqual(after.associations.map((a) => a.sourceArn).sort(), before.associations.map((a) => a.sourceArn).sort());
        const produced = await lineage.listAssociations({ sourceArn: step('train'), type: 'Produced', maxResults: 100 });
        assert.deepEqual(
          produced.associations.map((a) => a.destinationArn),
          [nodeOf(await artifact(h, failed.runId, 'train', 'model'))],
        );
        const raw = join(h.dir, 'data/raw.csv');
        assert.equal((await lineage.find({ sourceUri: toFileUri(raw) })).length, 1);
      } finally {
        await h.close();
      }
    });

    test('a selective execution records the steps it reuses as cache hits of the source, producing its artifact nodes', async () => {
      const h = await lineageHome(backend);
      try {
        const p = smallPipeline('lineage-selective');
        const source = await h.run(p);
        const runId = await recordSelectiveRun(
          {
            pipeline: p.ir.name,
            ir: p.ir,
            parameters: { input_data: 'data/raw.csv' },
            baseDir: h.dir,
            runsDir: h.services.home.runsDir,
            now: new Date(),
          },
          { sourceRunId: source.runId, selectedSteps: ['evaluate'] },
          h.services.metadata.store,
        );
        assert.equal((await h.resume(runId)).status, 'succeeded');
        const { lineage } = h.services.metadata;
        const train = await lineage.get(lineageNames.step(runId, 'train'));
        assert.equal(train?.status, 'Completed');
        assert.equal(train?.properties?.cachedFrom, source.runId);
        const model = nodeOf(await artifact(h, source.runId, 'train', 'model'));
        const produced = await lineage.listAssociations({ destinationArn: model, type: 'Produced', maxResults: 100 });
        assert.deepEqual(
          produced.associations.map((a) => a.sourceArn).sort(),
          [lineageNames.step(source.runId, 'train'), lineageNames.step(runId, 'train')].sort(),
        );
        const link = await lineage.listAssociations({
          sourceArn: lineageNames.step(source.runId, 'train'),
          destinationArn: train?.arn,
        });
        assert.equal(link.associations.length, 1);
        // The selected step ran in the new run and read the reused model.
        const up = await reached(lineage, lineageNames.step(runId, 'evaluate'), 'Ascendants');
        const raw = join(h.dir, 'data/raw.csv');
        assert.ok(up.includes(`Artifact DataSet ${toFileUri(raw)} ${fileDigest(raw)}`), up.join('\n'));
        assert.ok(up.includes(`Action processing ${lineageNames.step(runId, 'train')}`), up.join('\n'));
      } finally {
        await h.close();
      }
    });

    test('a home recorded before lineage gets, when opened, exactly the lineage the live writer records', async () => {
      const live = await lineageHome(backend);
      const copyDir = scratchDir('godwit-runs-lineage-copy-');
      let copy: LineageHome | undefined;
      try {
        // A plain run, two runs of which the second is all cache hits, and a run failed then resumed.
        await live.run(smallPipeline('backfill-plain'));
        const cached = smallPipeline('backfill-cached', { cache: true });
        await live.run(cached);
        await live.run(cached, { input_data: 'data/labels.csv' });
        await live.run(cached);
        const flag = join(live.dir, 'break.flag');
        await writeFile(flag, '');
        const failed = await live.run(smallPipeline('backfill-resume', { breakFlag: flag }));
        await rm(flag);
        assert.equal((await live.resume(failed.runId)).status, 'succeeded');

        const where = backend === 'postgres' ? { url: await testDatabase() } : undefined;
        const liveDb = await openDatabase(live.where);
        let expected: Awaited<ReturnType<typeof lineageRows>>;
        try {
          expected = await lineageRows(liveDb);
          await preLineageCopy(liveDb, where ?? { file: godwitHome(join(copyDir, 'home')).metadataFile });
        } finally {
          await liveDb.close();
        }
        copy = await openHome(backend, copyDir, where);
        const copyDb = await openDatabase(copy.where);
        try {
          const backfilled = await lineageRows(copyDb);
          assert.ok(expected.entities.length > 30, `${expected.entities.length} entities`);
          assert.deepEqual(backfilled, expected);
        } finally {
          await copyDb.close();
        }
        // The same questions get the same answers.
        const runs = await live.services.metadata.store.listRuns({ pipeline: 'backfill-cached' });
        const model = nodeOf(await artifact(live, runs[0].id, 'train', 'model'));
        const raw = join(live.dir, 'data/raw.csv');
        const ask = async (lineage: LineageStore, start: string, direction: 'Ascendants' | 'Descendants') => {
          const answer = await lineage.query({ startArns: [start], direction, maxResults: 100 });
          const key = (e: { sourceArn: string; destinationArn: string }) => `${e.sourceArn} ${e.destinationArn}`;
          return { ...answer, edges: [...answer.edges].sort((a, b) => (key(a) < key(b) ? -1 : 1)) };
        };
        for (const [start, direction] of [
          [model, 'Ascendants'],
          [artifactArn(toFileUri(raw), fileDigest(raw)), 'Descendants'],
        ] as const) {
          const answer = await ask(live.services.metadata.lineage, start, direction);
          assert.ok(answer.vertices.length > 5);
          assert.deepEqual(await ask(copy.services.metadata.lineage, start, direction), answer);
        }
      } finally {
        await copy?.close();
        await live.close();
      }
    });
  });
}
