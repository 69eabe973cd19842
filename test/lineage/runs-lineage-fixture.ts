/**
 * A Godwit home on SQLite or PostgreSQL running a small real pipeline of process steps (shell
 * scripts over CSV files), for the runs lineage tests, and what they compare: a database's lineage
 * tables as plain rows, without the times (a live writer and a backfill write at different times).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { systemClock } from '../../src/core/clock.js';
import { godwitHome } from '../../src/core/home.js';
import { migrate } from '../../src/db/migrations.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { SqlDatabase } from '../../src/db/sql-database.js';
import { SCHEMAS } from '../../src/meta/index.js';
import { condition, fail, gte, param, pipeline, processing, propertyFile } from '../../src/pipeline/dsl/index.js';
import type { ParameterValue } from '../../src/pipeline/ir.js';
import { assertValidPipeline } from '../../src/pipeline/validate.js';
import { resumeRun, startRun } from '../../src/runtime/executor.js';
import { openLocalServices } from '../../src/runtime/local-services.js';
import { testDatabase } from '../helpers/postgres.js';
import { scratchDir } from '../helpers/scratch.js';

export type Backend = 'sqlite' | 'postgres';

export const IMAGE = `public.ecr.aws/docker/library/busybox@sha256:${'ab'.repeat(32)}`;

/** The pipeline's scripts and data, in the pipeline's folder. */
const FILES: Record<string, string> = {
  'data/raw.csv': 'x,y\n1,2\n2,4\n3,6\n4,8\n',
  'data/labels.csv': 'id,label\n1,a\n2,b\n',
  'prep.sh': [
    'cat "$GODWIT_INPUT_RAW/raw.csv" > "$GODWIT_OUTPUT_TRAIN/train.csv"',
    'tail -n 2 "$GODWIT_INPUT_RAW/raw.csv" > "$GODWIT_OUTPUT_TEST/test.csv"',
    'cat "$GODWIT_INPUT_LABELS/labels.csv" >> "$GODWIT_OUTPUT_TRAIN/train.csv"',
    '',
  ].join('\n'),
  'train.sh': [
    // Fails while the flag file is there: how the resume test breaks and mends a run.
    'if [ -e "$BREAK_FLAG" ]; then echo "broken on purpose" >&2; exit 3; fi',
    'wc -l < "$GODWIT_INPUT_TRAIN/train.csv" > "$GODWIT_OUTPUT_MODEL/model.txt"',
    '',
  ].join('\n'),
  'evaluate.sh': [
    'printf \'{"accuracy": 0.9}\' > "$GODWIT_OUTPUT_REPORT/evaluation.json"',
    'cat "$GODWIT_INPUT_MODEL/model.txt" "$GODWIT_INPUT_TEST/test.csv" > /dev/null',
    '',
  ].join('\n'),
};

/** prep (two data files) → train (model) → evaluate (report) → a condition on the report's accuracy (else: fail). */
export function smallPipeline(name: string, options: { cache?: boolean; breakFlag?: string } = {}) {
  const cache = options.cache ? { cache: { enabled: true } } : {};
  const data = param.string('input_data', 'data/raw.csv');
  const prep = processing('prep', {
    command: ['sh'],
    code: 'prep.sh',
    image: IMAGE,
    inputs: { raw: data, labels: 'data/labels.csv' },
    outputs: { train: 'dataset', test: 'dataset' },
    ...cache,
  });
  const train = processing('train', {
    command: ['sh'],
    code: 'train.sh',
    env: { BREAK_FLAG: options.breakFlag ?? '/nonexistent/flag' },
    inputs: { train: prep.output('train') },
    outputs: { model: 'model' },
    ...cache,
  });
  const report = propertyFile('evaluation', 'report', 'evaluation.json');
  const evaluate = processing('evaluate', {
    command: ['sh'],
    code: 'evaluate.sh',
    inputs: { model: train.output('model'), test: prep.output('test') },
    outputs: { report: 'metrics' },
    propertyFiles: [report],
    ...cache,
  });
  const low = fail('too-low', { message: 'accuracy below 0.5' });
  const check = condition('check', {
    if: gte(evaluate.jsonGet(report, 'accuracy'), 0.5),
    then: [],
    else: [low],
  });
  return pipeline(name, { parameters: [data], steps: [check] });
}

export interface LineageHome {
  readonly dir: string;
  readonly services: Awaited<ReturnType<typeof openLocalServices>>;
  /** Where the database is: the SQLite file, or the PostgreSQL URL. */
  readonly where: { file: string } | { url: string };
  run(p: ReturnType<typeof smallPipeline>, parameters?: Record<string, ParameterValue>): ReturnType<typeof startRun>;
  resume(runId: string): ReturnType<typeof resumeRun>;
  close(): Promise<void>;
}

/** A home whose pipeline folder holds the scripts and data; PostgreSQL gets a database of its own. */
export async function lineageHome(backend: Backend, dir = scratchDir('godwit-runs-lineage-')): Promise<LineageHome> {
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return openHome(backend, dir, backend === 'postgres' ? { url: await testDatabase() } : undefined);
}

/** Opens (migrating, so backfilling) the home in `dir`, on its SQLite file or at `url`. */
export async function openHome(backend: Backend, dir: string, database?: { url: string }): Promise<LineageHome> {
  const home = godwitHome(join(dir, 'home'));
  const services = await openLocalServices(home, undefined, systemClock, database ?? {});
  const options = { services, concurrency: 2 };
  return {
    dir,
    services,
    where: backend === 'postgres' && database ? database : { file: home.metadataFile },
    run(p, parameters = {}) {
      assertValidPipeline(p.ir, p.ir.name);
      const params = Object.fromEntries(
        p.ir.parameters.map((s) => [s.name, parameters[s.name] ?? (s.default as ParameterValue)]),
      );
      return startRun(p.ir, params, { baseDir: dir }, options);
    },
    resume: (runId) => resumeRun(runId, options),
    close: () => services.close(),
  };
}

/** The runs capability's tables, which a Godwit from before lineage had (and which hold no lineage). */
const RUN_TABLES = ['runs', 'steps', 'attempts', 'artifacts', 'metrics'];

/**
 * A database as a Godwit from before lineage left it, holding `from`'s runs: every capability's
 * tables but lineage's (and no record that lineage was ever migrated), with the runs' rows copied
 * as they are. Opening it runs lineage's migrations, whose second one is the backfill.
 */
export async function preLineageCopy(from: SqlDatabase, to: { file: string } | { url: string }): Promise<void> {
  if ('file' in to) await mkdir(dirname(to.file), { recursive: true });
  const db = await openDatabase(to);
  try {
    await migrate(
      db,
      SCHEMAS.filter((s) => s.capability !== 'lineage'),
      'the pre-lineage copy',
    );
    for (const table of RUN_TABLES) {
      const rows = await from.query(`SELECT * FROM ${table}`);
      for (const row of rows) {
        const columns = Object.keys(row).filter((c) => !(table === 'events' && c === 'id'));
        await db.run(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((c) => row[c] as never),
        );
      }
    }
  } finally {
    await db.close();
  }
}

/** Every entity and association, ordered, without their times. */
export async function lineageRows(db: SqlDatabase) {
  const entities = await db.query(
    `SELECT arn, kind, name, display_name, type, source_uri, digest, source_id, status, description, properties, created_by
     FROM lineage_entities ORDER BY arn`,
  );
  const associations = await db.query(
    'SELECT source_arn, destination_arn, type FROM lineage_associations ORDER BY source_arn, destination_arn',
  );
  return {
    entities: entities.map((e) => ({ ...e, properties: e.properties ? JSON.parse(e.properties as string) : null })),
    associations,
  };
}
