/**
 * A prediction as SQL both engines run (DuckDB and PostgreSQL): layers of named columns, each
 * computed from the one before, the innermost from the function's parameters —
 * `SELECT result FROM (SELECT … FROM (SELECT … AS x0, …) AS l0) AS l1`. Each column is written
 * once however often later layers read it, so a network's hidden units or a softmax's
 * exponentials are not recomputed for every output.
 *
 * Numbers are exact: every constant is the text of its double (`'0.1'::float8`, which both
 * engines parse correctly rounded), and float32 steps (XGBoost's) are `CAST(… AS REAL)`, so the
 * SQL computes what the model's own `predict` computes, operation for operation.
 */
export type Layer = readonly (readonly [name: string, sql: string])[];

export interface Program {
  readonly layers: readonly Layer[];
  /** The function's value, over the last layer's columns. */
  readonly result: string;
}

export function programSql(p: Program): string {
  let from = '';
  p.layers.forEach((layer, k) => {
    const cols = layer.map(([name, sql]) => `${sql} AS ${name}`).join(', ');
    // OFFSET 0 keeps each layer a layer: without it the planner pulls the subquery up and pastes
    // a column's expression wherever a later layer reads it (a softmax reads every margin
    // twice, so the trees ran many times over; PostgreSQL took 77 s for 344 rows).
    from = `(SELECT ${cols}${from ? ` FROM ${from}` : ''} OFFSET 0) AS l${k}`;
  });
  return `SELECT ${p.result} FROM ${from}`;
}

/** A double as exact SQL. */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'CAST(NULL AS float8)';
  if (!Number.isFinite(x)) return `'${x > 0 ? 'Infinity' : '-Infinity'}'::float8`;
  return `'${String(x)}'::float8`;
}

/** Rounds to float32, as `Math.fround` does. */
export function f32(sql: string): string {
  return `CAST(${sql} AS REAL)`;
}

/** A label as an SQL literal of its type. */
export function literal(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/** Names `prefix0 … prefix{n-1}`. */
export function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, k) => `${prefix}${k}`);
}

/** `b + x0*w0 + x1*w1 …`, added left to right as the model's own loops add. */
export function dot(
  bias: number,
  xs: readonly string[],
  ws: ArrayLike<number>,
  skip: (k: number) => boolean = () => false,
): string {
  const terms = [num(bias)];
  xs.forEach((x, k) => {
    if (!skip(k)) terms.push(`${x} * ${num(ws[k])}`);
  });
  return terms.join(' + ');
}

/** The first index whose value is largest (`argmax`'s tie rule); `min` for the smallest. */
export function pick(values: readonly string[], choices: readonly string[], min = false): string {
  if (values.length === 1) return choices[0];
  const op = min ? '<=' : '>=';
  const whens = values.slice(0, -1).map((v, i) => {
    const rest = values.slice(i + 1).map((w) => `${v} ${op} ${w}`);
    return `WHEN ${rest.join(' AND ')} THEN ${choices[i]}`;
  });
  return `CASE ${whens.join(' ')} ELSE ${choices[choices.length - 1]} END`;
}

/** Softmax in double as the network and the linear model compute it: exp(z − max) / Σ. */
export function softmaxLayers(z: readonly string[]): Layer[] {
  const m = z.length === 1 ? z[0] : `GREATEST(${z.join(', ')})`;
  const e = names('e', z.length);
  const expLayer: Layer = [...z.map((zi, k) => [e[k], `EXP(${zi} - ${m})`] as const)];
  const sum = e.join(' + ');
  const probs: Layer = e.map((ek, k) => [`p${k}`, `${ek} / (${sum})`] as const);
  return [expLayer, probs];
}
