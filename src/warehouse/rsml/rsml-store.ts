/**
 * Redshift ML models live in the warehouse's own database, in Godwit's schema `godwit_rsml` (one
 * row per model: its JSON document), beside the prediction function they made; the SQL here is
 * the same on DuckDB and PostgreSQL.
 */
import { GodwitError } from '../../core/errors.js';
import type { TableRef } from '../warehouse.js';
import type { RsmlEngine, Step } from './rsml-engine.js';
import type { RedshiftModel } from './rsml-model.js';

const TABLE = 'godwit_rsml.models';

export class RsmlStore {
  private ready?: Promise<void>;

  constructor(private readonly engine: RsmlEngine) {}

  async get(schema: string, name: string): Promise<RedshiftModel | undefined> {
    await this.ensure();
    const p = (n: string) => this.engine.param(n);
    const { rows } = await this.engine.query(
      `SELECT body FROM ${TABLE} WHERE schema_name = ${p('s')} AND model_name = ${p('n')}`,
      {
        s: schema,
        n: name,
      },
    );
    return rows.length === 0 ? undefined : (JSON.parse(String(rows[0].body)) as RedshiftModel);
  }

  async require(schema: string, name: string): Promise<RedshiftModel> {
    const model = await this.get(schema, name);
    if (model) return model;
    throw new GodwitError('E_RSML_MODEL_NOT_FOUND', `Model ${schema}.${name} does not exist.`, {
      hint: 'SHOW MODEL ALL lists the models; CREATE MODEL makes one (models live in the warehouse they were trained in).',
    });
  }

  /** Every model, by schema then name. */
  async list(): Promise<{ schema: string; name: string }[]> {
    await this.ensure();
    const { rows } = await this.engine.query(`SELECT schema_name, model_name FROM ${TABLE} ORDER BY schema_name, model_name`);
    return rows.map((r) => ({ schema: String(r.schema_name), name: String(r.model_name) }));
  }

  insertStep(model: RedshiftModel): Step {
    const p = (n: string) => this.engine.param(n);
    return {
      sql: `INSERT INTO ${TABLE} (schema_name, model_name, function_name, created_at, body) VALUES (${p('s')}, ${p('n')}, ${p('f')}, ${p('c')}, ${p('b')})`,
      params: { s: model.schema, n: model.name, f: model.functionName, c: model.createdAt, b: JSON.stringify(model) },
    };
  }

  deleteStep(model: RedshiftModel): Step {
    const p = (n: string) => this.engine.param(n);
    return {
      sql: `DELETE FROM ${TABLE} WHERE schema_name = ${p('s')} AND model_name = ${p('n')}`,
      params: { s: model.schema, n: model.name },
    };
  }

  ensure(): Promise<void> {
    this.ready ??= (async () => {
      await this.engine.query('CREATE SCHEMA IF NOT EXISTS godwit_rsml');
      await this.engine.query(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (schema_name VARCHAR, model_name VARCHAR, function_name VARCHAR, created_at VARCHAR, body TEXT, PRIMARY KEY (schema_name, model_name))`,
      );
    })().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}

/** Schema and name as Redshift folds them (lower case); no schema is the engine's default. */
export function modelKey(ref: TableRef, defaultSchema: string): { schema: string; name: string } {
  const schema = (ref.schema ?? defaultSchema).toLowerCase();
  return { schema: schema === 'public' ? defaultSchema : schema, name: ref.name.toLowerCase() };
}
