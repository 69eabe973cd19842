/**
 * The prediction function as an object of the engine: a DuckDB macro
 * (`CREATE MACRO s.fn(p1, …) AS (SELECT …)`) or a PostgreSQL SQL function (`CREATE FUNCTION
 * s.fn(p1 float8, …) RETURNS … LANGUAGE SQL IMMUTABLE`), both over the same compiled body
 * (rsml-compile.ts). Both are stored in the database itself, so a later process calls them with
 * nothing to re-register.
 */
import { GodwitError } from '../../core/errors.js';
import { columnKind } from '../bqml/bqml-features.js';
import type { StoredModel } from '../bqml/bqml-model.js';
import { postgresTypeOf } from '../postgres/postgres-types.js';
import type { Column } from '../warehouse.js';
import { compileModel } from './rsml-compile.js';
import type { RsmlEngine, Step } from './rsml-engine.js';
import { programSql } from './rsml-sql.js';

export function createFunctionStep(
  engine: RsmlEngine,
  schema: string,
  fn: string,
  params: readonly Column[],
  trained: StoredModel,
): Step {
  const names = params.map((_, k) => `arg_${k + 1}`);
  const body = programSql(compileModel(trained, names));
  const returns = returnType(trained, engine.flavour);
  const name = `${schema}.${fn}`;
  if (engine.flavour === 'duckdb')
    return {
      sql: `CREATE MACRO ${name}(${names.join(', ')}) AS (SELECT CAST((${body}) AS ${returns}))`,
      undo: `DROP MACRO IF EXISTS ${name}`,
    };
  const args = params.map((c, k) => `${names[k]} ${postgresParam(c)}`).join(', ');
  return {
    sql: `CREATE FUNCTION ${name}(${args}) RETURNS ${returns} LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $godwit$ SELECT CAST((${body}) AS ${returns}) $godwit$`,
  };
}

export function dropFunctionStep(engine: RsmlEngine, schema: string, fn: string, params: readonly Column[]): Step {
  if (engine.flavour === 'duckdb') return { sql: `DROP MACRO IF EXISTS ${schema}.${fn}` };
  return { sql: `DROP FUNCTION IF EXISTS ${schema}.${fn}(${params.map(postgresParam).join(', ')})` };
}

/** E_RSML_FUNCTION_EXISTS when `fn` is a built-in function or one in `schema` already. */
export async function requireFreeName(engine: RsmlEngine, schema: string, fn: string): Promise<void> {
  const p = (n: string) => engine.param(n);
  const sql =
    engine.flavour === 'duckdb'
      ? `SELECT internal AS builtin FROM duckdb_functions() WHERE lower(function_name) = ${p('f')} AND (internal OR schema_name = ${p('s')}) LIMIT 1`
      : `SELECT n.nspname = 'pg_catalog' AS builtin FROM pg_proc f JOIN pg_namespace n ON n.oid = f.pronamespace WHERE f.proname = ${p('f')} AND n.nspname IN (${p('s')}, 'pg_catalog') LIMIT 1`;
  const { rows } = await engine.query(sql, { f: fn, s: schema });
  if (rows.length > 0)
    throw new GodwitError(
      'E_RSML_FUNCTION_EXISTS',
      `Function ${fn} already exists (${rows[0].builtin ? 'a built-in function' : `in schema ${schema}`}).`,
      {
        hint: 'Give CREATE MODEL another FUNCTION name, or DROP MODEL the model that made it.',
      },
    );
}

function returnType(trained: StoredModel, flavour: RsmlEngine['flavour']): string {
  const label = trained.label;
  if (!label) return flavour === 'duckdb' ? 'INTEGER' : 'integer';
  if (!label.classes) return flavour === 'duckdb' ? 'DOUBLE' : 'double precision';
  return flavour === 'duckdb' ? label.type : postgresTypeOf(label.type);
}

/** Numbers arrive as float8 (every integer and numeric type casts to it implicitly), the rest as their type. */
function postgresParam(c: Column): string {
  return columnKind(c) === 'numeric' ? 'double precision' : postgresTypeOf(c.type);
}
