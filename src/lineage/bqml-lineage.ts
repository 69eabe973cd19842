import { createHash } from 'node:crypto';
import { BIGQUERY, classifyStatements, isWord, readTableRef, significant, tokenize } from '../sql/index.js';
import type { CreateModelStatement } from '../sql/sql-statement.js';
import { keyOf } from '../warehouse/bqml/bqml-store.js';
import type { TableRef, Warehouse } from '../warehouse/warehouse.js';
import { artifactEntity, edge } from './catalog-entities.js';
import { entityName, lineageNames, sha256Digest } from './lineage-names.js';
import type { LineageEntityInput, LineageStore, LineageWrite } from './lineage-records.js';

/**
 * A BigQuery ML CREATE MODEL's lineage (docs/lineage.md, "BigQuery ML"):
 *
 *   training tables (DataSet, bq://project.dataset.table) ─ContributedTo→ BigQueryMLTraining ─Produced→ Model (bq://project.dataset.model, sha256 of the stored model)
 *   the pipeline step that ran it ─AssociatedWith→ BigQueryMLTraining
 *
 * The project is the table's own when the SQL names one, else the warehouse's configured name.
 * Models live in their warehouse (`godwit_bqml.models`), not in the metadata database: this is
 * recorded by what trained them (a pipeline's sql step, `godwit sql`), after its statements ran.
 * A model lineage has never seen (trained before lineage was recorded) is found there the next
 * time Godwit trains or reads a model in that warehouse, and recorded without its tables, which
 * the warehouse does not keep (`reconcileBqmlModels`).
 */
export interface TrainedModel {
  readonly model: TableRef;
  /** The training query's tables. */
  readonly tables: readonly TableRef[];
  /** The stored model document (its digest is the Model artifact's). */
  readonly body: string;
  readonly modelType?: string;
  readonly createdAt: Date;
}

export const bqUri = (warehouse: string, ref: TableRef) =>
  `bq://${ref.project ?? warehouse}.${keyOf(ref).d}.${ref.name.toLowerCase()}`;

export function bqmlTrainingLineage(
  warehouse: string,
  trained: TrainedModel,
  by?: { runId: string; step: string },
  found?: 'warehouse',
): LineageWrite {
  const modelUri = bqUri(warehouse, trained.model);
  const digest = createHash('sha256').update(trained.body).digest('hex');
  const at = trained.createdAt;
  const name = modelUri.slice('bq://'.length);
  const action: LineageEntityInput = {
    arn: lineageNames.warehouseTraining(name),
    kind: 'Action',
    name: entityName(name, 'create-model'),
    displayName: `CREATE MODEL ${name}`,
    type: 'BigQueryMLTraining',
    sourceUri: modelUri,
    status: 'Completed',
    ...(found && {
      description: 'Trained before lineage was recorded: found in the warehouse; its training tables are not known.',
    }),
    properties: {
      warehouse,
      ...(trained.modelType !== undefined && { modelType: trained.modelType }),
      ...(by && { runId: by.runId, step: by.step }),
      ...(found && { recordedFrom: found }),
    },
    ...(by && { sourceId: by.runId }),
    createdAt: at,
  };
  const model = artifactEntity('Model', modelUri, digest, { createdAt: at });
  const tables = trained.tables.map((t) => artifactEntity('DataSet', bqUri(warehouse, t), undefined, { createdAt: at }));
  const associations = [...tables.map((t) => edge(t.arn, action.arn, 'ContributedTo')), edge(action.arn, model.arn, 'Produced')];
  if (by) associations.push(edge(lineageNames.step(by.runId, by.step), action.arn, 'AssociatedWith'));
  return { entities: [...tables, action, model], associations };
}

/** The tables a query reads (FROM and JOIN items that are not subqueries or its own WITH names). */
export function tablesOf(select: string): TableRef[] {
  const sig = significant(tokenize(select, BIGQUERY));
  const ctes = new Set<string>();
  for (let i = 1; i + 1 < sig.length; i++)
    if (isWord(sig[i], 'AS') && sig[i + 1].text === '(' && (isWord(sig[i - 2], 'WITH') || sig[i - 2]?.text === ','))
      ctes.add(sig[i - 1].text.toLowerCase());
  const found = new Map<string, TableRef>();
  for (let i = 0; i + 1 < sig.length; i++) {
    if (!isWord(sig[i], 'FROM', 'JOIN') || sig[i + 1].text === '(') continue;
    const read = readTableRef(sig, i + 1, 'bigquery');
    if (!read || (read.ref.schema === undefined && ctes.has(read.ref.name.toLowerCase()))) continue;
    found.set(JSON.stringify(keyOf(read.ref)) + (read.ref.project ?? ''), read.ref);
  }
  return [...found.values()];
}

/**
 * After BigQuery SQL ran (a sql step's statements, a `godwit sql` script): each model its
 * statements created, read back from the warehouse (`bq`, the BigQuery front end), recorded in
 * `lineage`; a model they did not leave (dropped again) is skipped. When they created or read
 * any model, the warehouse's other models lineage has never seen are recorded too.
 */
export async function recordBqmlTraining(
  lineage: LineageStore,
  bq: Warehouse,
  statements: readonly string[],
  by?: { runId: string; step: string },
): Promise<void> {
  const creates = statements
    .flatMap((s) => classifyStatements(s, 'bigquery'))
    .filter((s): s is CreateModelStatement => s.kind === 'create-model');
  for (const create of creates) {
    const stored = await storedModel(bq, create.model);
    if (stored) await lineage.record(bqmlTrainingLineage(bq.name, { ...stored, tables: tablesOf(create.select) }, by));
  }
  const { modelsOf } = await import('../warehouse/bqml/bqml-lineage.js');
  if (creates.length > 0 || modelsOf(statements).reads.length > 0) await reconcileBqmlModels(lineage, bq);
}

/**
 * Records the training of every model in `bq`'s warehouse that lineage has never seen: none of
 * its artifacts has the model's URI, nor the digest of the model as stored (a model trained with
 * a project in its name has that project in its URI). Returns how many were recorded.
 */
export async function reconcileBqmlModels(lineage: LineageStore, bq: Warehouse): Promise<number> {
  const { rows } = await bq.query('SELECT dataset, name FROM godwit_bqml.models ORDER BY dataset, name');
  let recorded = 0;
  for (const row of rows) {
    const ref: TableRef = { schema: String(row.dataset), name: String(row.name) };
    if ((await lineage.find({ sourceUri: bqUri(bq.name, ref) })).length > 0) continue;
    const stored = await storedModel(bq, ref);
    if (!stored) continue;
    const digest = createHash('sha256').update(stored.body).digest('hex');
    if ((await lineage.find({ digest: sha256Digest(digest) })).length > 0) continue;
    await lineage.record(bqmlTrainingLineage(bq.name, { ...stored, tables: [] }, undefined, 'warehouse'));
    recorded++;
  }
  return recorded;
}

/** A model as `godwit_bqml.models` stores it, or undefined when there is none of that name. */
async function storedModel(bq: Warehouse, ref: TableRef): Promise<Omit<TrainedModel, 'tables'> | undefined> {
  const { rows } = await bq.query('SELECT body, model_type FROM godwit_bqml.models WHERE dataset = @d AND name = @n', keyOf(ref));
  if (rows.length === 0) return undefined;
  const body = String(rows[0].body);
  const createdAt = new Date((JSON.parse(body) as { createdAt?: string }).createdAt ?? Date.now());
  return {
    model: ref,
    body,
    modelType: String(rows[0].model_type),
    createdAt: Number.isNaN(createdAt.getTime()) ? new Date() : createdAt,
  };
}
