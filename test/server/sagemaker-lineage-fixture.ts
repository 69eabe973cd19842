import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { artifactArn, lineageNames, sha256Digest } from '../../src/lineage/lineage-names.js';
import { openMetadata } from '../../src/meta/index.js';
import { POSTGRES_SKIP, testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const running = new Set<ChildProcess>();
after(() => {
  // A failed test must not leave its server behind.
  for (const child of running) child.kill('SIGKILL');
});

/** The two databases every lineage test runs on: the home's SQLite file, and PostgreSQL. */
export const DATABASES: readonly { name: string; url: () => Promise<string | undefined>; skip?: string }[] = [
  { name: 'SQLite', url: async () => undefined },
  { name: 'PostgreSQL', url: testDatabase, skip: POSTGRES_SKIP },
];

/** The automatic lineage of one recorded run of a 2-step pipeline (prep → train), as runs record it. */
export interface RecordedRun {
  readonly runId: string;
  readonly pipeline: string;
  readonly run: string;
  readonly prep: string;
  readonly train: string;
  readonly raw: string;
  readonly rawUri: string;
  readonly prepared: string;
  readonly image: string;
  readonly model: string;
  readonly modelUri: string;
  readonly modelDigest: string;
}

/**
 * A real `godwit server` process (the CLI's `godwit server --port 0`) over a fresh home whose
 * metadata is the SQLite file, or the PostgreSQL database at `databaseUrl`, with one run's
 * automatic lineage recorded through `metadata.lineage.record` and `lineageNames` first.
 */
export async function lineageServer(databaseUrl: string | undefined): Promise<{
  url: string;
  run: RecordedRun;
  stop(): Promise<void>;
}> {
  const home = godwitHome(join(scratchDir('godwit-lineage-api-'), 'home'));
  const run = await recordRun(home, databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env, GODWIT_HOME: home.root };
  delete env.GODWIT_DATABASE_URL;
  if (databaseUrl) env.GODWIT_DATABASE_URL = databaseUrl;
  const child = spawn(
    process.execPath,
    ['--conditions=godwit-source', '--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts'), 'server', '--port', '0'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => reject(new Error(`godwit server exited (${code}) before listening:\n${out}\n${err}`)));
  });
  return {
    url,
    run,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      running.delete(child);
    },
  };
}

const hex = (c: string) => c.repeat(64);

async function recordRun(home: ReturnType<typeof godwitHome>, databaseUrl: string | undefined): Promise<RecordedRun> {
  const metadata = await openMetadata(home, systemClock, { url: databaseUrl });
  try {
    const runId = 'run-20261206-101500-a1b2c3';
    const rawUri = 's3://churn-data/raw/customers.csv';
    const preparedUri = `file://${home.artifactsDir}/${runId}/prep/train`;
    const modelUri = `file://${home.artifactsDir}/${runId}/train/model`;
    const modelDigest = sha256Digest(hex('d'));
    const r: RecordedRun = {
      runId,
      pipeline: lineageNames.pipeline('churn'),
      run: lineageNames.run(runId),
      prep: lineageNames.step(runId, 'prep'),
      train: lineageNames.step(runId, 'train'),
      raw: artifactArn(rawUri, sha256Digest(hex('a'))),
      rawUri,
      prepared: artifactArn(preparedUri, sha256Digest(hex('b'))),
      image: artifactArn('godwit/xgboost:1.7', sha256Digest(hex('c'))),
      model: artifactArn(modelUri, modelDigest),
      modelUri,
      modelDigest,
    };
    const name = (arn: string) => arn.slice(arn.indexOf('/') + 1);
    await metadata.lineage.record({
      entities: [
        { arn: r.pipeline, kind: 'Context', name: name(r.pipeline), type: 'SageMakerPipeline', sourceUri: 'churn' },
        {
          arn: r.run,
          kind: 'Context',
          name: name(r.run),
          type: 'PipelineExecution',
          sourceUri: runId,
          sourceId: runId,
          properties: { pipeline: 'churn', status: 'succeeded', startedBy: 'ada' },
        },
        step(r.prep, 'processing'),
        step(r.train, 'training'),
        artifact(r.raw, rawUri, hex('a'), 'DataSet'),
        artifact(r.prepared, preparedUri, hex('b'), 'DataSet'),
        artifact(r.image, 'godwit/xgboost:1.7', hex('c'), 'Image'),
        artifact(r.model, modelUri, hex('d'), 'Model'),
      ],
      associations: [
        { sourceArn: r.run, destinationArn: r.pipeline, type: 'AssociatedWith' },
        { sourceArn: r.prep, destinationArn: r.run, type: 'AssociatedWith' },
        { sourceArn: r.train, destinationArn: r.run, type: 'AssociatedWith' },
        { sourceArn: r.raw, destinationArn: r.prep, type: 'ContributedTo' },
        { sourceArn: r.prep, destinationArn: r.prepared, type: 'Produced' },
        { sourceArn: r.prepared, destinationArn: r.train, type: 'ContributedTo' },
        { sourceArn: r.image, destinationArn: r.train, type: 'ContributedTo' },
        { sourceArn: r.train, destinationArn: r.model, type: 'Produced' },
      ],
    });
    return r;

    function step(arn: string, type: string) {
      return {
        arn,
        kind: 'Action' as const,
        name: name(arn),
        type,
        sourceUri: `${runId}/${name(arn)}`,
        status: 'Completed',
        properties: { attempts: '1' },
      };
    }
    function artifact(arn: string, sourceUri: string, digest: string, type: string) {
      return { arn, kind: 'Artifact' as const, name: name(arn), type, sourceUri, digest: sha256Digest(digest) };
    }
  } finally {
    await metadata.close();
  }
}
