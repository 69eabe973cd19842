import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_REGION, modelPackageArn } from '../../src/core/arns.js';
import { artifactArn, artifactId, lineageNames, sha256Digest } from '../../src/lineage/lineage-names.js';
import type { ArtifactRecord } from '../../src/meta/metadata-store.js';
import { requireRun } from '../../src/meta/run-status.js';
import { POSTGRES_SKIP } from '../helpers/postgres.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { type GcBackend, type GcHome, gcHome, objectsAt } from './gc-home.js';

interface Item {
  uri: string;
  kind: string;
  reason: string;
  runId?: string;
  objects: { key: string; uri: string; size: number }[];
  bytes: number;
  sameAs?: string;
}
interface Report {
  dryRun: boolean;
  remove: Item[];
  keep: { uri: string; objects: number; because: string[] }[];
  objects: number;
  bytes: number;
  finishedEarlier: number;
}

let s3: TestS3Server;
before(async () => {
  s3 = await startS3rver(['arts', 'moved']);
});

const BACKENDS: GcBackend[] = [
  { database: 'sqlite', store: 's3' },
  { database: 'postgres', store: 's3' },
  { database: 'sqlite', store: 'file' },
];

for (const backend of BACKENDS) {
  const skip = backend.database === 'postgres' ? POSTGRES_SKIP : undefined;
  describe(`godwit runs delete and godwit gc: ${backend.database}, artifacts on ${backend.store}`, { skip }, () => {
    let h: GcHome;
    let registered: string;
    let trained: string;
    let reused: string;
    let dry: Report;
    const s3For = () => (backend.store === 's3' ? s3 : undefined);
    const artifactsOf = async (runId: string) => (await h.metadata()).store.listArtifacts(runId);
    const uriOf = (artifacts: ArtifactRecord[], step: string, name: string) =>
      (artifacts.find((a) => a.step === step && a.name === name) as ArtifactRecord).uri;

    before(async () => {
      h = await gcHome(backend, s3For());
      registered = await h.run('register', '7');
      trained = await h.run('train', '8');
      // Same pipeline, same parameters: its prep step reuses trained's output (a cache hit).
      reused = await h.run('train', '8');
    });
    after(() => h?.close());

    test('runs delete refuses an unknown run and deletes nothing; deleted runs leave runs list and show, which says when and by whom', async () => {
      const steps = await (await h.metadata()).store.listSteps(reused);
      assert.equal(steps.find((s) => s.name === 'prep')?.cachedFrom, trained);

      const unknown = await h.godwit(['runs', 'delete', registered, 'run-nope']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /No run "run-nope" in .*nothing was deleted/);
      assert.equal((await h.json<{ id: string }[]>(['runs', 'list'])).length, 3);

      const reports = await h.json<
        {
          runId: string;
          deletedAt: string;
          deletedBy: string;
          reason: string;
          alreadyDeleted: boolean;
          modelVersions: { group: string; version: number; modelUri: string }[];
        }[]
      >(['runs', 'delete', registered, trained, '--reason', 'bad input data']);
      assert.deepEqual(
        reports.map((r) => [r.runId, r.deletedBy, r.reason, r.alreadyDeleted]),
        [
          [registered, 'alice', 'bad input data', false],
          [trained, 'alice', 'bad input data', false],
        ],
      );
      const [version] = reports[0].modelVersions;
      assert.deepEqual([version.group, version.version], ['GcChurn', 1]);
      assert.equal(version.modelUri, uriOf(await artifactsOf(registered), 'train', 'model'));

      assert.deepEqual(
        (await h.json<{ id: string }[]>(['runs', 'list'])).map((r) => r.id),
        [reused],
      );
      const shown = await h.godwit(['runs', 'show', registered]);
      assert.equal(shown.code, 2);
      assert.match(
        shown.stderr,
        new RegExp(`Run "${registered}" was deleted at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z by alice \\(bad input data\\)`),
      );
      const metadata = await h.metadata();
      await assert.rejects(requireRun(metadata.store, h.home.root, trained), { code: 'E_RUN_DELETED' });

      const again = await h.json<{ alreadyDeleted: boolean; deletedAt: string }[]>(['runs', 'delete', trained]);
      assert.equal(again[0].alreadyDeleted, true);
      assert.equal(again[0].deletedAt, reports[1].deletedAt, 'the first deletion is kept');
      // The registry still names the run that produced the version.
      const [listed] = await h.json<{ runId: string }[]>(['models', 'list', 'GcChurn']);
      assert.equal(listed.runId, registered);
    });

    test('the dry run lists each place it would remove and why it keeps the others, and removes nothing', async () => {
      const metadata = await h.metadata();
      const trainedModel = (await artifactsOf(trained)).find((a) => a.step === 'train' && a.name === 'model') as ArtifactRecord;
      // An endpoint deployed trained's model: lineage ties the model artifact to the deployment.
      const model = artifactArn(trainedModel.uri, sha256Digest(trainedModel.sha256));
      await metadata.lineage.record({
        entities: [
          {
            arn: model,
            kind: 'Artifact',
            name: artifactId(trainedModel.uri, sha256Digest(trainedModel.sha256)),
            type: 'Model',
            sourceUri: trainedModel.uri,
            digest: sha256Digest(trainedModel.sha256),
          },
          {
            arn: lineageNames.deployment('churn', 'churn-config'),
            kind: 'Action',
            name: 'churn-churn-config-deployment',
            type: 'ModelDeployment',
          },
        ],
        associations: [
          { sourceArn: model, destinationArn: lineageNames.deployment('churn', 'churn-config'), type: 'ContributedTo' },
        ],
      });

      dry = await h.json<Report>(['gc']);
      assert.equal(dry.dryRun, true);
      const [reg, tr] = [await artifactsOf(registered), await artifactsOf(trained)];
      assert.deepEqual(
        dry.remove
          .filter((i) => i.kind === 'artifact')
          .map((i) => i.uri)
          .sort(),
        [uriOf(reg, 'prep', 'data'), uriOf(tr, 'train', 'metrics')].sort(),
      );
      assert.deepEqual(
        dry.remove
          .filter((i) => i.kind === 'run-folder')
          .map((i) => i.runId)
          .sort(),
        [registered, trained].sort(),
      );
      assert.ok(dry.remove.every((i) => i.reason === 'deleted-run' && i.objects.length > 0));
      assert.equal(
        dry.objects,
        dry.remove.reduce((n, i) => n + i.objects.length, 0),
      );
      assert.equal(
        dry.bytes,
        dry.remove.reduce((n, i) => n + i.objects.reduce((b, o) => b + o.size, 0), 0),
      );

      const kept = Object.fromEntries(dry.keep.map((k) => [k.uri, k.because]));
      // Kept twice over: the version names it, and the registry's lineage ties it to its package.
      assert.deepEqual(kept[uriOf(reg, 'train', 'model')], [
        'model GcChurn/1 (modelUri)',
        `lineage: Model --ContributedTo--> ModelPackage ${lineageNames.modelPackage(modelPackageArn(DEFAULT_REGION, 'GcChurn', 1))}`,
      ]);
      assert.deepEqual(kept[uriOf(reg, 'train', 'metrics')], [
        'model GcChurn/1 (metricsUri)',
        `lineage: Metrics --ContributedTo--> ModelPackage ${lineageNames.modelPackage(modelPackageArn(DEFAULT_REGION, 'GcChurn', 1))}`,
      ]);
      assert.ok(kept[uriOf(tr, 'prep', 'data')].includes(`run ${reused} prep/data`), String(kept[uriOf(tr, 'prep', 'data')]));
      assert.ok(
        kept[uriOf(tr, 'train', 'model')].some((r) => r.startsWith('lineage: Model --ContributedTo--> ModelDeployment')),
        String(kept[uriOf(tr, 'train', 'model')]),
      );

      for (const item of dry.remove) {
        if (item.kind === 'artifact') assert.equal((await objectsAt(item.uri, s3For())).length, item.objects.length, item.uri);
        else assert.ok(existsSync(new URL(item.uri)), item.uri);
      }
    });

    test('gc --yes removes exactly what the dry run listed, keeps the registered model, and a second gc finds nothing', async () => {
      const done = await h.json<Report>(['gc', '--yes']);
      assert.equal(done.dryRun, false);
      assert.deepEqual(done.remove, dry.remove);
      assert.deepEqual(done.keep, dry.keep);
      for (const item of dry.remove) {
        if (item.kind === 'artifact') assert.deepEqual(await objectsAt(item.uri, s3For()), [], item.uri);
        else assert.equal(existsSync(new URL(item.uri)), false, item.uri);
        assert.equal((await (await h.metadata()).gc.latest(item.uri))?.state, 'removed');
      }
      const [version] = await h.json<{ modelUri: string; metricsUri: string }[]>(['models', 'list', 'GcChurn']);
      assert.deepEqual(
        (await objectsAt(version.modelUri, s3For())).map((k) => k.split('/').pop()),
        ['model.json'],
      );
      assert.equal((await objectsAt(version.metricsUri, s3For())).length, 1);
      const reusedReport = await h.json<{ steps: { name: string; status: string }[] }>(['runs', 'show', reused]);
      assert.deepEqual(
        reusedReport.steps.map((s) => s.status),
        ['cached', 'succeeded'],
      );
      const data = uriOf(await artifactsOf(trained), 'prep', 'data');
      assert.equal((await objectsAt(data, s3For())).length, 2, 'the live run reused it: kept');

      const second = await h.json<Report>(['gc', '--yes']);
      assert.deepEqual(second.remove, []);
      assert.deepEqual(second.keep.map((k) => k.uri).sort(), dry.keep.map((k) => k.uri).sort());

      // A deleted run is no cache source: the same step runs again instead of reusing it.
      const fresh = await h.run('train', '8');
      const prep = (await (await h.metadata()).store.listSteps(fresh)).find((s) => s.name === 'prep');
      assert.equal(prep?.status, 'succeeded');
      assert.equal(prep?.cachedFrom, undefined);
    });

    test('godwit runs move leaves old copies (old --SameAs--> new): gc removes them, keeps the new ones and an old one a deployment still uses', async () => {
      const live = await h.run('train', '9');
      const metadata = await h.metadata();
      const before = await artifactsOf(live);
      const to = backend.store === 's3' ? `s3://moved/${backend.database}` : new URL('moved', `file://${h.dir}/`).href;
      const moved = await h.godwit(['runs', 'move', live, '--to', to, '--json']);
      assert.equal(moved.code, 0, moved.stderr + moved.stdout);
      const after = await artifactsOf(live);
      assert.ok(
        after.every((a) => !before.some((b) => b.uri === a.uri)),
        'the records name the new copies',
      );

      // An endpoint was deployed from the old model copy before the move: lineage says so.
      const oldModel = uriOf(before, 'train', 'model');
      const digest = sha256Digest((before.find((a) => a.uri === oldModel) as ArtifactRecord).sha256);
      const deployment = lineageNames.deployment('legacy', 'legacy-config');
      await metadata.lineage.record({
        entities: [{ arn: deployment, kind: 'Action', name: 'legacy-legacy-config-deployment', type: 'ModelDeployment' }],
        associations: [{ sourceArn: artifactArn(oldModel, digest), destinationArn: deployment, type: 'ContributedTo' }],
      });

      const plan = await h.json<Report>(['gc']);
      const superseded = plan.remove.filter((i) => i.reason === 'superseded');
      assert.deepEqual(
        superseded.map((i) => [i.uri, i.sameAs]).sort(),
        [
          [uriOf(before, 'prep', 'data'), uriOf(after, 'prep', 'data')],
          [uriOf(before, 'train', 'metrics'), uriOf(after, 'train', 'metrics')],
        ].sort(),
      );
      assert.deepEqual(plan.keep.find((k) => k.uri === oldModel)?.because, [
        `lineage: Model --ContributedTo--> ModelDeployment ${deployment}`,
      ]);

      const done = await h.json<Report>(['gc', '--yes']);
      assert.deepEqual(done.remove, plan.remove);
      for (const item of superseded) {
        assert.deepEqual(await objectsAt(item.uri, s3For()), [], item.uri);
        assert.ok((await objectsAt(item.sameAs as string, s3For())).length > 0, item.sameAs);
      }
      assert.equal((await objectsAt(oldModel, s3For())).length, 1, 'the deployed old copy stays');
      const shown = await h.json<{ artifacts: { uri: string }[] }>(['runs', 'show', live]);
      assert.deepEqual(shown.artifacts.map((a) => a.uri).sort(), after.map((a) => a.uri).sort());
      // The old nodes stay in lineage (audits), marked as removed.
      const oldData = before.find((a) => a.step === 'prep') as ArtifactRecord;
      assert.equal(
        (await metadata.lineage.get(artifactArn(oldData.uri, sha256Digest(oldData.sha256))))?.properties?.gcState,
        'removed',
      );
      assert.deepEqual((await h.json<Report>(['gc'])).remove, []);
    });
  });
}
