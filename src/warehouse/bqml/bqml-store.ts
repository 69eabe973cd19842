/**
 * Models live in the warehouse they were trained in, in Godwit's own schema `godwit_bqml` (one
 * row per model, its JSON document), so a later process — `godwit sql -f` on the next file, a
 * later pipeline step — finds them, and a model is saved in one statement: a failed CREATE MODEL
 * writes nothing, and an existing model is replaced only by a trained one.
 */
import { GodwitError } from '../../core/errors.js';
import type { TableRef, Warehouse } from '../warehouse.js';
import type { StoredModel } from './bqml-model.js';

const SCHEMA = 'godwit_bqml';
const TABLE = `${SCHEMA}.models`;

export class ModelStore {
  private ready?: Promise<void>;

  constructor(private readonly engine: Warehouse) {}

  async get(ref: TableRef): Promise<StoredModel | undefined> {
    await this.ensure();
    const { rows } = await this.engine.query(`select body from ${TABLE} where dataset = $d and name = $n`, keyOf(ref));
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
    await this.engine.execute(`insert or replace into ${TABLE} values ($d, $n, $t, now(), $b)`, {
      ...key,
      t: model.modelType,
      b: JSON.stringify(model),
    });
  }

  /** True when there was a model to drop. */
  async drop(ref: TableRef): Promise<boolean> {
    await this.ensure();
    const had = (await this.get(ref)) !== undefined;
    if (had) await this.engine.execute(`delete from ${TABLE} where dataset = $d and name = $n`, keyOf(ref));
    return had;
  }

  /** A dataset is a DuckDB schema: BigQuery refuses a model in a dataset that does not exist. */
  async requireDataset(ref: TableRef): Promise<void> {
    const schema = keyOf(ref).d;
    const { rows } = await this.engine.query('select 1 from information_schema.schemata where lower(schema_name) = $s', {
      s: schema,
    });
    if (rows.length === 0)
      throw new GodwitError(
        'E_BQML_DATASET_NOT_FOUND',
        `Not found: Dataset ${ref.schema ?? schema} (for model ${display(ref)}).`,
        {
          hint: `Create it first: CREATE SCHEMA ${ref.schema ?? schema};`,
        },
      );
  }

  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      await this.engine.execute(`create schema if not exists ${SCHEMA}`);
      await this.engine.execute(
        `create table if not exists ${TABLE} (dataset varchar, name varchar, model_type varchar, created_at timestamp, body varchar, primary key (dataset, name))`,
      );
    })().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}

function keyOf(ref: TableRef): { d: string; n: string } {
  return { d: (ref.schema ?? 'main').toLowerCase(), n: ref.name.toLowerCase() };
}

export function display(ref: TableRef): string {
  return [ref.schema, ref.name].filter(Boolean).join('.');
}
