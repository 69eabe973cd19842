/**
 * `godwit migrate` for Redshift ML → BigQuery ML: `CREATE MODEL … FUNCTION fn` becomes `CREATE OR
 * REPLACE MODEL … OPTIONS (model_type = …, input_label_cols = […]) AS SELECT …`, and a later
 * `fn(a, b)` in a projection over one table becomes `predicted_<target>` read from
 * `ML.PREDICT(MODEL …, (SELECT * FROM t))`. What has no BigQuery ML equivalent (IAM_ROLE and
 * SETTINGS, AUTO ON, PROBLEM_TYPE, Autopilot objectives, hyperparameters without an option) is a
 * `human` note, so the migration report lists it.
 *
 * ```sql
 * CREATE MODEL ml.churn FROM (SELECT age, plan, churned FROM customers) TARGET churned
 *   FUNCTION predict_churn IAM_ROLE default AUTO OFF MODEL_TYPE XGBOOST OBJECTIVE 'binary:logistic'
 *   HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '50') SETTINGS (S3_BUCKET 'ml');
 * -- becomes
 * CREATE OR REPLACE MODEL ml.churn
 * OPTIONS (model_type = 'BOOSTED_TREE_CLASSIFIER', input_label_cols = ['churned'], max_iterations = 50, early_stop = FALSE) AS
 * SELECT age, plan, churned FROM customers
 * ```
 */
import type { RedshiftCreateModelStatement } from '../sql-statement.js';
import { Unreadable } from '../sql-statement.js';
import { readTableRef, tableRefText } from '../sql-table-ref.js';
import { isWord, joinTokens, matchingClose, significant, splitAtCommas, type Token, tokenize } from '../sql-tokens.js';
import type { MlFunctions, SqlContext } from '../sql-translation.js';
import { REDSHIFT } from './redshift-dialect.js';
import { bigqueryModelType, HYPERPARAMETERS, REDSHIFT_MODEL_TYPES, type RedshiftModelType } from './redshift-ml-options.js';
import { plainColumns, singleTable } from './redshift-ml-shape.js';
import { readRedshiftModelStatement } from './redshift-ml-statement.js';

type Query = (tokens: readonly Token[]) => string;

export function createModelToBigQuery(tokens: readonly Token[], ctx: SqlContext, fns: MlFunctions, query: Query): string {
  const text = joinTokens(tokens);
  let s: RedshiftCreateModelStatement;
  try {
    s = readRedshiftModelStatement(significant(tokens), tokens) as unknown as RedshiftCreateModelStatement;
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    ctx.note('human', `CREATE MODEL: ${err.message}; port it by hand.`);
    return text;
  }
  const c = s.clauses;
  const type = (c.get('MODEL_TYPE')?.toUpperCase() ?? 'XGBOOST') as RedshiftModelType;
  if (s.job !== undefined || c.has('SAGEMAKER') || !REDSHIFT_MODEL_TYPES.includes(type)) {
    ctx.note(
      'human',
      `CREATE MODEL ${tableRefText(s.model)} (bring your own model, FORECAST or MODEL_TYPE ${type}) has no BigQuery ML equivalent Godwit writes; port it by hand.`,
    );
    return text;
  }
  const target = c.get('TARGET');
  const problem = type === 'KMEANS' ? 'classification' : problemOf(s, ctx);
  const options = [`model_type = '${bigqueryModelType(type, problem)}'`, ...(target ? [`input_label_cols = ['${target}']`] : [])];
  options.push(...hyperparameters(s, type, ctx));
  dropped(s, ctx);
  const select =
    s.select !== undefined ? query(tokenize(s.select, REDSHIFT)) : `SELECT * FROM ${tableRefText(s.table ?? s.model)}`;
  const fn = c.get('FUNCTION')?.toLowerCase();
  if (fn) {
    const columns = s.select !== undefined ? plainColumns(tokenize(s.select, REDSHIFT)) : undefined;
    const params = columns?.filter((col) => col.toLowerCase() !== target?.toLowerCase());
    fns.set(fn, {
      model: tableRefText(s.model),
      function: fn,
      ...(target ? { label: target } : {}),
      ...(params ? { params } : {}),
    });
    ctx.note('changed', `the prediction function ${fn}(…) becomes ML.PREDICT(MODEL ${tableRefText(s.model)}, …)`);
  }
  return `CREATE OR REPLACE MODEL ${tableRefText(s.model)}\nOPTIONS (${options.join(', ')}) AS\n${select}`;
}

function problemOf(s: RedshiftCreateModelStatement, ctx: SqlContext): 'classification' | 'regression' {
  const given = s.clauses.get('PROBLEM_TYPE')?.toUpperCase();
  const objective = s.clauses.get('OBJECTIVE') ?? '';
  if (given) {
    ctx.note(
      'human',
      `PROBLEM_TYPE ${given}: BigQuery ML has no problem type; it is in model_type (a classifier or a regressor), and binary or multiclass follows the label.`,
    );
    return given === 'REGRESSION' ? 'regression' : 'classification';
  }
  if (/^reg:|^(MSE|RMSE)$/i.test(objective)) return 'regression';
  if (/^(binary|multi):|^(ACCURACY|F1|F1MACRO|AUC)$/i.test(objective)) return 'classification';
  ctx.note(
    'human',
    'AUTO ON without PROBLEM_TYPE: SageMaker Autopilot guesses the problem from the TARGET values; Godwit wrote a classifier — make it a *_REGRESSOR if the target is a quantity.',
  );
  return 'classification';
}

function hyperparameters(s: RedshiftCreateModelStatement, type: RedshiftModelType, ctx: SqlContext): string[] {
  const out = new Map<string, string>(
    type === 'XGBOOST'
      ? [
          ['max_iterations', '100'],
          ['early_stop', 'FALSE'],
        ]
      : [],
  );
  for (const [name, value] of s.hyperparameters ?? []) {
    const hyper = HYPERPARAMETERS[type][name];
    if (!hyper) {
      ctx.note('human', `HYPERPARAMETERS ${name} '${value}' has no BigQuery ML option for ${type}: dropped.`);
      continue;
    }
    out.set(hyper.option, hyper.kind === 'init' ? `'${value.toUpperCase()}'` : value);
  }
  return [...out].map(([k, v]) => `${k} = ${v}`);
}

function dropped(s: RedshiftCreateModelStatement, ctx: SqlContext): void {
  const c = s.clauses;
  const settings = (s.settings ?? []).map(([k, v]) => `${k} '${v}'`).join(', ');
  ctx.note(
    'human',
    `IAM_ROLE ${c.get('IAM_ROLE') ?? ''} and SETTINGS (${settings}) dropped: BigQuery ML trains with the project's own credentials and storage.`,
  );
  if ((c.get('AUTO') ?? 'ON').toUpperCase() === 'ON')
    ctx.note(
      'human',
      `AUTO ON (SageMaker Autopilot's search over candidates) has no BigQuery ML equivalent: one ${c.get('MODEL_TYPE') ?? 'XGBOOST'} model is trained.`,
    );
  const objective = c.get('OBJECTIVE');
  if (objective && !/^(reg|binary|multi):/.test(objective))
    ctx.note(
      'human',
      `OBJECTIVE '${objective}' (Autopilot's metric) has no BigQuery ML option: dropped; ML.EVALUATE reports it.`,
    );
  if (c.has('PREPROCESSORS'))
    ctx.note('human', 'PREPROCESSORS dropped: BigQuery ML preprocesses itself; write the rest as a TRANSFORM clause.');
}

/** A query calling a prediction function made earlier, over ML.PREDICT; undefined when it calls none. */
export function predictToBigQuery(
  tokens: readonly Token[],
  ctx: SqlContext,
  fns: MlFunctions,
  rewrite: Query,
): string | undefined {
  const sig = significant(tokens);
  const calls = sig.flatMap((t, k) => {
    const fn = t.kind === 'word' || t.kind === 'ident' ? fns.get((t.value ?? t.text).toLowerCase()) : undefined;
    if (!fn || sig[k + 1]?.kind !== 'open') return [];
    const start = sig[k - 1]?.text === '.' ? k - 2 : k;
    return [{ fn, start, open: k + 1, close: matchingClose(sig, k + 1) }];
  });
  if (calls.length === 0) return undefined;
  const fn = calls[0].fn;
  const from = singleTable(sig);
  const table = from ? readTableRef(sig, from.start, 'redshift') : undefined;
  const args = calls.map((call) =>
    splitAtCommas(sig.slice(call.open + 1, call.close)).map((a) =>
      a.length === 1 || (a.length === 3 && a[1].text === '.') ? (a[a.length - 1].value ?? a[a.length - 1].text) : '',
    ),
  );
  const mismatch = args.find(
    (a) =>
      a.some((x) => x === '') ||
      (fn.params && a.map((x) => x.toLowerCase()).join() !== fn.params.map((p) => p.toLowerCase()).join()),
  );
  if (!from || !table || calls.some((call) => call.fn !== fn) || mismatch) {
    ctx.note(
      'human',
      `${fn.function}(…): ML.PREDICT matches features by column name and reads one input; port this query by hand as SELECT … FROM ML.PREDICT(MODEL ${fn.model}, (SELECT ${fn.params?.join(', ') ?? '<the training columns>'} FROM …)).`,
    );
    return rewrite(tokens);
  }
  const predicted = fn.label ? `predicted_${fn.label}` : 'CENTROID_ID - 1';
  const at = (t: Token) => tokens.indexOf(t);
  const out: Token[] = [];
  let k = 0;
  const jump = (start: number, end: number, text: string) => {
    out.push(...tokens.slice(k, at(sig[start])), { kind: 'word', text });
    k = at(sig[end]) + 1;
  };
  for (const [i, call] of calls.entries()) jump(call.start, call.close, `godwit_ml_call_${i}`);
  jump(from.start, from.end - 1, 'godwit_ml_from');
  out.push(...tokens.slice(k));
  const alias = sig.slice(table.end, from.end).filter((t) => !isWord(t, 'AS'));
  const source = `ML.PREDICT(MODEL ${fn.model}, (SELECT * FROM ${rewrite(sig.slice(from.start, table.end))}))${alias.length > 0 ? ` AS ${joinTokens(alias)}` : ''}`;
  ctx.note('changed', `${fn.function}(${args[0].join(', ')}) → ${predicted} FROM ML.PREDICT(MODEL ${fn.model}, …)`);
  return rewrite(out)
    .replace(/\bgodwit_ml_call_\d+\b/g, predicted)
    .replace('godwit_ml_from', source);
}
