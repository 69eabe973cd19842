/**
 * Models live in the warehouse they were trained in, in Godwit's own schema `godwit_bqml` (one
 * row per model, its JSON document), so a later process — `godwit sql -f` on the next file, a
 * later pipeline step — finds them, and a model is saved in one statement: a failed CREATE MODEL
 * writes nothing, and an existing model is replaced only by a trained one.
 */
import { GodwitError } from '../../core/errors.js';
import type { TableRef, Warehouse } from '../warehouse.js';
import type { StoredModel } from './bqml-model.js';
import { type BqmlSql, MODELS_DDL, MODELS_TABLE as TABLE } from './bqml-sql.js';

const SCHEMA = 'godwit_bqml';

export class ModelStore {
  private ready?: Promise<void>;

  constructor(
    private readonly engine: Warehouse,
    private readonly sql: BqmlSql,
  ) {}

  /** The table that holds the models: its version changes whenever a model is saved or dropped. */
  static readonly table: TableRef = { schema: SCHEMA, name: 'models' };

  async get(ref: TableRef): Promise<StoredModel | undefined> {
    await this.ensure();
    const { rows } = await this.engine.query(`select body from ${TABLE} where ${this.key()}`, keyOf(ref));
    return rows.length === 0 ? undefined : (JSON.parse(String(rows[0].body)) as StoredModel);
  }

  /** The model, or E_BQML_MODEL_NOT_FOUND naming it. */
  async require(ref: TableRef): Promise<StoredModel> {
    const model = await this.get(ref);
    if (model) return model;
    throw new GodwitError('E_BQML_MODEL_NOT_FOUND', `Not found: Model ${display(ref)}.`, {
      hint: 'Create it first with CREATE MODEL (models live in the warehouse they were trained in).',
    });
  }

  async save(ref: TableRef, model: StoredModel): Promise<void> {
    await this.ensure();
    const key = keyOf(ref);
    await this.engine.execute(this.sql.upsertModel, {
      ...key,
      t: model.modelType,
      b: JSON.stringify(model),
    });
  }

  /** True when there was a model to drop. */
  async drop(ref: TableRef): Promise<boolean> {
    await this.ensure();
    const had = (await this.get(ref)) !== undefined;
    if (had) await this.engine.execute(`delete from ${TABLE} where ${this.key()}`, keyOf(ref));
    return had;
  }

  /** A dataset is a schema of the engine: BigQuery refuses a model in a dataset that does not exist. */
  async requireDataset(ref: TableRef): Promise<void> {
    const schema = keyOf(ref).d;
    const { rows } = await this.engine.query(
      `select 1 from information_schema.schemata where lower(schema_name) = ${this.sql.param('s')}`,
      { s: schema },
    );
    if (rows.length === 0)
      throw new GodwitError(
        'E_BQML_DATASET_NOT_FOUND',
        `Not found: Dataset ${ref.schema ?? schema} (for model ${display(ref)}).`,
        {
          hint: `Create it first: CREATE SCHEMA ${ref.schema ?? schema};`,
        },
      );
  }

  private key(): string {
    return `dataset = ${this.sql.param('d')} and name = ${this.sql.param('n')}`;
  }

  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      await this.engine.execute(`create schema if not exists ${SCHEMA}`);
      await this.engine.execute(MODELS_DDL);
    })().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}

export function keyOf(ref: TableRef): { d: string; n: string } {
  return { d: (ref.schema ?? 'main').toLowerCase(), n: ref.name.toLowerCase() };
}

export function display(ref: TableRef): string {
  return [ref.schema, ref.name].filter(Boolean).join('.');
}
