/**
 * The rows a model trains or predicts on: the query (or table) run on the engine, its TRANSFORM
 * applied, and the columns the model needs checked — a missing one is E_BQML_COLUMN naming it.
 */
import { GodwitError } from '../../core/errors.js';
import type { TableRef } from '../../warehouse/warehouse.js';
import type { Column, Row } from '../warehouse.js';
import type { BqmlEnv } from './bqml-env.js';
import type { StoredModel, TransformItem } from './bqml-model.js';
import { display } from './bqml-store.js';
import { fitTransform, transformQuery } from './bqml-transform.js';

export interface Rows {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

export type Input = { readonly table: TableRef } | { readonly query: string };

export function sourceOf(env: BqmlEnv, input: Input): string {
  if ('query' in input) return env.toEngine(input.query);
  return env.toEngine(`SELECT * FROM \`${[input.table.schema, input.table.name].filter(Boolean).join('.')}\``);
}

export async function columnsOf(env: BqmlEnv, source: string): Promise<readonly Column[]> {
  return (await env.query(`SELECT * FROM (${source}) AS godwit_input LIMIT 0`)).columns;
}

/** Training rows: with a TRANSFORM, its outputs (fitted here); `inputs` are the query's columns the model reads. */
export async function trainingRows(env: BqmlEnv, select: string, transform: readonly string[] | undefined) {
  const source = env.toEngine(select);
  const raw = await columnsOf(env, source);
  if (!transform) {
    const data = await env.query(source);
    return { data: data as Rows, raw, items: undefined };
  }
  const items = await fitTransform(transform, source, raw, {
    query: (sql) => env.query(sql),
    expression: env.expression,
    sql: env.sql,
  });
  const data = await env.query(transformQuery(items, source, 'all'));
  return { data: data as Rows, raw, items };
}

/** The input columns a TRANSFORM reads: those whose name appears in one of its items. */
export function transformInputs(items: readonly TransformItem[], raw: readonly Column[], label?: string): Column[] {
  const used = items.filter((i) => i.name !== label);
  return raw.filter((c) =>
    used.some((i) => new RegExp(`(^|[^A-Za-z0-9_])"?${escapeRegExp(c.name)}"?($|[^A-Za-z0-9_])`, 'i').test(i.sql)),
  );
}

/**
 * Rows to score: `input` holds the input columns as given (passed through), `features` the
 * model's feature columns (the TRANSFORM's outputs when there is one).
 */
export async function scoringRows(env: BqmlEnv, model: StoredModel, input: Input, fn: string) {
  const source = sourceOf(env, input);
  const columns = await columnsOf(env, source);
  const have = new Set(columns.map((c) => c.name.toLowerCase()));
  const missing = model.inputs.find((c) => !have.has(c.name.toLowerCase()));
  if (missing)
    throw new GodwitError(
      'E_BQML_COLUMN',
      `ML.${fn}: the input has no column ${missing.name}, which model ${model.name} was trained with.`,
      {
        hint: `Model ${model.name} reads: ${model.inputs.map((c) => c.name).join(', ')}.`,
      },
    );
  if (!model.transform) {
    const { rows } = await env.query(source);
    return { columns, input: rows, features: rows };
  }
  const label = model.label?.name;
  const sql = transformQuery(model.transform, source, 'inputs-too', label);
  const { rows } = await env.query(sql);
  const names = model.transform.filter((i) => i.name !== label).map((i) => i.name);
  const features = rows.map((r) => Object.fromEntries(names.map((n, k) => [n, r[`__godwit_t${k}`]])));
  const passed = rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name]])));
  return { columns, input: passed, features };
}

export function modelName(ref: TableRef): string {
  return display(ref);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
