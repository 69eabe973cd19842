import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { artifactArn, sha256Digest } from '../../src/lineage/lineage-names.js';
import { type Metadata, openMetadata } from '../../src/meta/index.js';
import type { PipelineIR } from '../../src/pipeline/ir.js';
import { cli } from '../cli/capture.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { startS3rver, type TestS3Server } from '../helpers/s3-server.js';
import { scratchDir } from '../helpers/scratch.js';

interface Artifact {
  step: string;
  name: string;
  type: string;
  uri: string;
  sha256: string;
  files: { path: string; sha256: string }[];
}

const INTERNAL = /internal error|please report it/i;

let s3: TestS3Server;
before(async () => {
  s3 = await startS3rver(['moved']);
});

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`godwit runs move on ${backend}`, { skip: backend === 'postgres' ? POSTGRES_SKIP : undefined }, () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let runId: string;
    let metadata: Metadata;
    const artifacts = async (): Promise<Artifact[]> =>
      JSON.parse((await cli(['runs', 'show', runId, '--json'], env, dir)).stdout).artifacts;

    before(async () => {
      dir = scratchDir('godwit-move-');
      env = {
        GODWIT_HOME: join(dir, 'home'),
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        ...s3.env,
        ...(backend === 'postgres' ? { GODWIT_DATABASE_URL: await testDatabase() } : {}),
      };
      const demo = await cli(['demo'], env, dir);
      assert.equal(demo.code, 0, demo.stdout + demo.stderr);
      runId = /godwit runs show (\S+)/.exec(demo.stdout)?.[1] as string;
      metadata = await openMetadata(godwitHome(env.GODWIT_HOME), systemClock, { url: env.GODWIT_DATABASE_URL });
    });
    after(() => metadata?.close());

    /** Every file of every artifact is at its recorded URI with its recorded SHA-256 (read back through godwit storage). */
    async function assertFilesAt(list: Artifact[]) {
      for (const a of list) {
        const r = await cli(['storage', 'ls', a.uri, '--recursive', '--json'], env, dir);
        assert.equal(r.code, 0, r.stderr);
        const objects: { uri: string; sha256: string }[] = JSON.parse(r.stdout).objects;
        for (const f of a.files) {
          const o = objects.find((x) => x.uri === `${a.uri}${f.path}`);
          assert.equal(o?.sha256, f.sha256, `${a.uri}${f.path}`);
        }
      }
    }

    async function sameAsEdges(): Promise<[string, string][]> {
      const { associations } = await metadata.lineage.listAssociations({ type: 'SameAs', maxResults: 100 });
      return associations.map((a) => [a.sourceArn, a.destinationArn]);
    }

    test('file:// → s3:// → gs:// → file://: copied and checked, records moved, lineage tied by SameAs; --dry-run changes nothing', async () => {
      const original = await artifacts();
      assert.ok(original.length >= 5 && original.every((a) => a.uri.startsWith('file://')));

      const dry = await cli(['runs', 'move', runId, '--to', 's3://moved/team', '--dry-run', '--json'], env, dir);
      assert.equal(dry.code, 0, dry.stderr);
      const plan = JSON.parse(dry.stdout);
      assert.equal(plan.dryRun, true);
      assert.deepEqual(
        plan.artifacts.map((a: { state: string; to: string }) => [a.state, a.to]),
        original.map((a) => ['planned', `s3://moved/team/runs/${runId}/${a.step}/${a.name}/`]),
      );
      assert.deepEqual(await artifacts(), original);
      assert.deepEqual(await sameAsEdges(), []);
      const text = await cli(['runs', 'move', runId, '--to', 's3://moved/team', '--dry-run'], env, dir);
      assert.match(
        text.stdout,
        new RegExp(`^Would move ${original.length} artifacts of ${runId} to s3://moved/team/ \\(nothing copied or changed\\):`),
      );

      const chain = [original];
      const local = join(dir, 'archive');
      for (const to of ['s3://moved/team', 'gs://moved-gs/godwit', `file://${local}`]) {
        const r = await cli(['runs', 'move', runId, '--to', to, '--json'], env, dir);
        assert.equal(r.code, 0, r.stderr);
        const report = JSON.parse(r.stdout);
        assert.ok(report.artifacts.every((a: { state: string }) => a.state === 'moved'));
        const now = await artifacts();
        assert.deepEqual(
          now.map((a) => a.uri),
          original.map((a) => `${to}/runs/${runId}/${a.step}/${a.name}/`),
        );
        // Only the URIs changed: digests, files and sizes are the run's own.
        assert.deepEqual(
          now.map(({ uri: _, ...rest }) => rest),
          original.map(({ uri: _, ...rest }) => rest),
        );
        await assertFilesAt(now);
        chain.push(now);
      }
      // The old copies stay for godwit gc.
      await assertFilesAt(original);
      await assertFilesAt(chain[1]);

      const edges = await sameAsEdges();
      for (let step = 1; step < chain.length; step++) {
        for (let i = 0; i < original.length; i++) {
          const [from, to] = [chain[step - 1][i], chain[step][i]];
          const digest = sha256Digest(from.sha256);
          const pair: [string, string] = [artifactArn(from.uri, digest), artifactArn(to.uri, digest)];
          assert.ok(
            edges.some(([s, d]) => s === pair[0] && d === pair[1]),
            `${from.uri} --SameAs--> ${to.uri}`,
          );
          const moved = await metadata.lineage.get(pair[1]);
          const expected = { dataset: 'DataSet', model: 'Model', metrics: 'Metrics', fileset: 'FileSet' }[from.type];
          assert.deepEqual([moved?.kind, moved?.type, moved?.sourceUri, moved?.digest], ['Artifact', expected, to.uri, digest]);
          assert.equal((await metadata.lineage.get(pair[0]))?.type, expected);
        }
      }
      assert.equal(edges.length, original.length * 3);
      // Lineage stays complete: downstream from the first model artifact reaches its last place.
      const model = original.findIndex((a) => a.type === 'model');
      const start = artifactArn(original[model].uri, sha256Digest(original[model].sha256));
      const last = chain[3][model];
      const reached = await metadata.lineage.query({ startArns: [start], direction: 'Descendants', maxDepth: 3 });
      assert.ok(reached.vertices.some((v) => v.arn === artifactArn(last.uri, sha256Digest(last.sha256))));

      // Moving again to where it is changes nothing.
      const again = await cli(['runs', 'move', runId, '--to', `file://${local}`], env, dir);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, new RegExp(`^Every artifact of ${runId} is in file://${local}/ already\\.`));
      assert.equal((await sameAsEdges()).length, original.length * 3);
      // And the run still reads: runs show lists the files where they are now.
      const show = await cli(['runs', 'show', runId], env, dir);
      assert.equal(show.code, 0, show.stderr);
      assert.ok(show.stdout.includes(`file://${local}/runs/${runId}/train/model/`));
    });

    test('a file that no longer matches its recorded SHA-256: the move fails and changes no record', async () => {
      const before = await artifacts();
      const edges = await sameAsEdges();
      const model = before.find((a) => a.type === 'model') as Artifact;
      const path = join(fileURLToPath(model.uri), model.files[0].path);
      assert.ok(existsSync(path), path);
      const bytes = readFileSync(path);
      writeFileSync(path, Buffer.concat([bytes, Buffer.from('tampered')]));
      const found = createHash('sha256').update(readFileSync(path)).digest('hex');
      try {
        const r = await cli(['runs', 'move', runId, '--to', 's3://moved/again'], env, dir);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.doesNotMatch(r.stderr, INTERNAL);
        assert.match(
          r.stderr,
          new RegExp(
            `${model.files[0].path.replace(/\./g, '\\.')}.* has SHA-256 ${found}, but .*${model.files[0].sha256}.* No record was changed\\.`,
          ),
        );
        assert.deepEqual(await artifacts(), before);
        assert.deepEqual(await sameAsEdges(), edges);
      } finally {
        writeFileSync(path, bytes);
      }
    });

    test('an unknown run and a run still running are refused', async () => {
      const unknown = await cli(['runs', 'move', 'run-20990101-000000-000000', '--to', 's3://moved/x'], env, dir);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /No run "run-20990101-000000-000000" in .*List runs with: godwit runs list/);
      const live = `run-20261206-000000-${backend === 'sqlite' ? 'aaaaaa' : 'bbbbbb'}`;
      const ir = { apiVersion: 'godwit/v1', kind: 'Pipeline', name: 'p', parameters: [], steps: [] } as unknown as PipelineIR;
      await metadata.store.createRun({
        id: live,
        pipeline: 'p',
        ir,
        parameters: {},
        baseDir: dir,
        runDir: join(dir, 'r'),
        startedAt: new Date(),
        pid: process.pid,
        host: hostname(),
      });
      const r = await cli(['runs', 'move', live, '--to', 's3://moved/x'], env, dir);
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        new RegExp(
          `Run ${live} is still running \\(pid ${process.pid} on .*\\); its artifacts are still being written\\. Wait for it to finish`,
        ),
      );
    });
  });
}
