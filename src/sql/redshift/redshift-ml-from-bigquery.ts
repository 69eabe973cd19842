/**
 * `godwit migrate` for BigQuery ML → Redshift ML: `CREATE [OR REPLACE] MODEL … OPTIONS (model_type
 * = …, input_label_cols = […]) AS SELECT …` becomes `CREATE MODEL … FROM (SELECT …) TARGET …
 * FUNCTION predict_<model> …` (OR REPLACE as a DROP MODEL IF EXISTS before it), and
 * `ML.PREDICT(MODEL m, (SELECT …) | TABLE t)` becomes a subquery calling that function:
 * `(SELECT predict_m(a, b) AS predicted_<label>, godwit_input.* FROM (SELECT …) AS godwit_input)`.
 * Options without a Redshift ML equivalent, TRANSFORM and the S3 bucket Redshift needs are
 * `human` notes, so the migration report lists them.
 */

import { BIGQUERY } from '../bigquery/bigquery-dialect.js';
import { readBigQueryModelStatement } from '../bigquery/bigquery-ml-statement.js';
import type { CreateModelStatement } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef, tableRefText } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, significant, type Token, tokenize } from '../sql-tokens.js';
import type { MlFunctions, SqlContext } from '../sql-translation.js';
import { FROM_BIGQUERY, HYPERPARAMETERS } from './redshift-ml-options.js';
import { plainColumns } from './redshift-ml-shape.js';

type Query = (tokens: readonly Token[]) => string;

/** The bucket Redshift ML's SETTINGS needs; the report asks for the real one. */
export const S3_BUCKET_PLACEHOLDER = 'redshift-ml-bucket';

export function createModelToRedshift(tokens: readonly Token[], ctx: SqlContext, models: MlFunctions, query: Query): string {
  let s: CreateModelStatement;
  try {
    s = readBigQueryModelStatement(significant(tokens), tokens) as unknown as CreateModelStatement;
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    ctx.note('human', `CREATE MODEL: ${err.message}; port it by hand.`);
    return joinTokens(tokens);
  }
  const name = tableRefText(s.model);
  const type = String(s.options.get('model_type') ?? '').toUpperCase();
  const mapped = FROM_BIGQUERY[type];
  if (!mapped) {
    ctx.note('human', `CREATE MODEL ${name}: model_type '${type}' has no Redshift ML equivalent Godwit writes; port it by hand.`);
    return joinTokens(tokens);
  }
  const labels = s.options.get('input_label_cols');
  const label = Array.isArray(labels) ? String(labels[0]) : type === 'KMEANS' ? undefined : 'label';
  const fn = `predict_${s.model.name.toLowerCase()}`;
  const hypers = hyperparameters(s, mapped.type, ctx);
  const auto = hypers.length > 0 || mapped.type === 'KMEANS' ? 'OFF' : 'ON';
  const clauses = [
    `CREATE MODEL ${name}`,
    `FROM (${query(tokenize(s.select, BIGQUERY))})`,
    ...(label ? [`TARGET ${label}`] : []),
    `FUNCTION ${fn}`,
    `IAM_ROLE ${ctx.options.iamRole ? `'${ctx.options.iamRole}'` : 'default'}`,
    `AUTO ${auto}`,
    `MODEL_TYPE ${mapped.type}`,
    ...(mapped.problem === 'regression' ? ['PROBLEM_TYPE REGRESSION'] : []),
    ...objective(auto, mapped, ctx),
    ...(hypers.length > 0 ? [`HYPERPARAMETERS DEFAULT EXCEPT (${hypers.join(', ')})`] : []),
    `SETTINGS (S3_BUCKET '${S3_BUCKET_PLACEHOLDER}')`,
  ];
  ctx.note(
    'human',
    `SETTINGS (S3_BUCKET '${S3_BUCKET_PLACEHOLDER}'): Redshift ML needs a bucket for its training files; name yours.`,
  );
  if (s.transform) ctx.note('human', 'TRANSFORM dropped: Redshift ML has none; compute the features in the FROM query.');
  const params = plainColumns(tokenize(s.select, BIGQUERY))?.filter((c) => c.toLowerCase() !== label?.toLowerCase());
  // The function lives in the model's schema (docs/redshift-ml.md), so calls name the schema.
  const call = s.model.schema ? `${s.model.schema}.${fn}` : fn;
  models.set(name.toLowerCase(), { model: name, function: call, ...(label ? { label } : {}), ...(params ? { params } : {}) });
  ctx.note('changed', `ML.PREDICT(MODEL ${name}, …) becomes the prediction function ${fn}(…)`);
  const create = clauses.join('\n');
  if (!s.replace) return create;
  ctx.note('changed', 'CREATE OR REPLACE MODEL → DROP MODEL IF EXISTS, then CREATE MODEL (Redshift has no OR REPLACE)');
  return `DROP MODEL IF EXISTS ${name};\n${create}`;
}

function objective(auto: string, mapped: (typeof FROM_BIGQUERY)[string], ctx: SqlContext): string[] {
  if (auto === 'ON' || mapped.type !== 'XGBOOST') return [];
  if (mapped.problem === 'regression') return ["OBJECTIVE 'reg:squarederror'"];
  ctx.note('human', "OBJECTIVE 'multi:softmax' written for AUTO OFF: make it 'binary:logistic' if the label has two classes.");
  return ["OBJECTIVE 'multi:softmax'"];
}

const NOT_OPTIONS = new Set(['model_type', 'input_label_cols']);

function hyperparameters(s: CreateModelStatement, type: keyof typeof HYPERPARAMETERS, ctx: SqlContext): string[] {
  const out: string[] = [];
  const dropped: string[] = [];
  for (const [option, value] of s.options) {
    if (NOT_OPTIONS.has(option)) continue;
    const hyper = Object.entries(HYPERPARAMETERS[type]).find(([, h]) => h.option === option);
    if (hyper && value !== null && !Array.isArray(value)) out.push(`${hyper[0]} '${String(value).toLowerCase()}'`);
    else dropped.push(option);
  }
  if (dropped.length > 0) ctx.note('human', `OPTIONS ${dropped.join(', ')} have no Redshift ML ${type} hyperparameter: dropped.`);
  return out;
}

/** ML.PREDICT over a model made earlier, as a subquery calling its function; undefined when there is no ML.PREDICT. */
export function predictToRedshift(
  tokens: readonly Token[],
  ctx: SqlContext,
  models: MlFunctions,
  query: Query,
): string | undefined {
  const sig = significant(tokens);
  const at = sig.findIndex(
    (t, k) => isWord(t, 'ML') && sig[k + 1]?.text === '.' && isWord(sig[k + 2], 'PREDICT') && sig[k + 3]?.kind === 'open',
  );
  if (at < 0) return undefined;
  const close = matchingClose(sig, at + 3);
  const ref = isWord(sig[at + 4], 'MODEL') ? readTableRef(sig, at + 5, 'bigquery') : undefined;
  const model = ref ? models.get(tableRefText(ref.ref).toLowerCase()) : undefined;
  const input = ref && sig[ref.end]?.kind === 'comma' ? inputOf(tokens, sig, ref.end + 1, close, query) : undefined;
  const probs = sig.some((t) => /_probs$/i.test(t.value ?? t.text));
  if (!model?.params || !input || probs) {
    ctx.note(
      'human',
      `ML.PREDICT: ${probs ? 'Redshift ML functions return the label, not _probs; ' : ''}call the model's prediction function with its feature columns by hand (the CREATE MODEL must be in this migration, with its columns listed).`,
    );
    return undefined;
  }
  const predicted = model.label ? `predicted_${model.label}` : 'CENTROID_ID';
  const call = `${model.function}(${model.params.join(', ')})${model.label ? '' : ' + 1'}`;
  const out = [
    ...tokens.slice(0, tokens.indexOf(sig[at])),
    { kind: 'word', text: 'godwit_ml_predict' } as Token,
    ...tokens.slice(tokens.indexOf(sig[close]) + 1),
  ];
  ctx.note('changed', `ML.PREDICT(MODEL ${model.model}, …) → ${model.function}(…) AS ${predicted}`);
  const next = sig[close + 1];
  const aliased =
    isWord(next, 'AS') || next?.kind === 'ident' || (next?.kind === 'word' && !CLAUSE_WORDS.has(next.text.toUpperCase()));
  const derived = `(SELECT ${call} AS ${predicted}, godwit_input.* FROM ${input} AS godwit_input)${aliased ? '' : ' AS godwit_prediction'}`;
  return query(out).replace('godwit_ml_predict', derived);
}

const CLAUSE_WORDS = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'FULL',
  'CROSS',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'ON',
  'QUALIFY',
  'WINDOW',
]);

function inputOf(tokens: readonly Token[], sig: readonly Token[], k: number, close: number, query: Query): string | undefined {
  if (isWord(sig[k], 'TABLE')) {
    const table = readTableRef(sig, k + 1, 'bigquery');
    return table && table.end === close ? tableRefText(table.ref) : undefined;
  }
  if (sig[k]?.kind !== 'open' || matchingClose(sig, k) !== close - 1) return undefined;
  return `(${query(tokens.slice(tokens.indexOf(sig[k + 1]), tokens.indexOf(sig[close - 1])))})`;
}
