/**
 * A trained model (src/warehouse/bqml's StoredModel, which Redshift ML trains into) compiled to
 * the SQL of its prediction function: BigQuery ML's preprocessing (standardise, impute, one-hot)
 * as the first layer, then the algorithm's arithmetic (rsml-sql.ts says how), then the value
 * Redshift's function returns: the regression value, the class label, or the k-means cluster
 * (0-based, as SageMaker's k-means numbers clusters).
 */
import { GodwitError } from '../../core/errors.js';
import type { DnnModel } from '../../ml/dnn/dnn-model.js';
import type { GlmModel } from '../../ml/glm/glm-model.js';
import type { KmeansModel } from '../../ml/kmeans/kmeans-model.js';
import type { Feature } from '../bqml/bqml-features.js';
import type { StoredModel } from '../bqml/bqml-model.js';
import { treePrograms } from './rsml-compile-trees.js';
import { dot, type Layer, literal, names, num, type Program, pick, softmaxLayers } from './rsml-sql.js';

/** The function body over parameters `params` (one per model input, in order). */
export function compileModel(model: StoredModel, params: readonly string[]): Program {
  const features = featureLayer(model.features, params);
  const x = features.map(([name]) => name);
  const body = outputs(model, x);
  return { layers: [features, ...body.layers], result: body.result };
}

function outputs(model: StoredModel, x: readonly string[]): Program {
  switch (model.algorithm) {
    case 'linear':
      return finish(model, glmLayers(model.model as GlmModel, x));
    case 'dnn':
      return finish(model, dnnLayers(model.model as DnnModel, x));
    case 'kmeans':
      return kmeansProgram(model.model as KmeansModel, x);
    case 'boosted_trees':
      return treePrograms(model, x);
  }
}

/** From the outputs' layers (`o0` for regression, `p0…` for probabilities) to the returned value. */
export function finish(model: StoredModel, layers: Layer[]): Program {
  const classes = model.label?.classes;
  if (!classes) {
    const s = model.targetScale;
    return { layers, result: s ? `o0 * ${num(s.std)} + ${num(s.mean)}` : 'o0' };
  }
  const labels = classes.map(literal);
  const p = names('p', classes.length);
  const chosen = classes.length === 2 ? `CASE WHEN p1 >= ${num(0.5)} THEN ${labels[1]} ELSE ${labels[0]} END` : pick(p, labels);
  return { layers, result: chosen };
}

/** One column per matrix column, as bqml-features.ts `encode` fills the matrix. */
export function featureLayer(features: readonly Feature[], params: readonly string[]): Layer {
  const out: [string, string][] = [];
  features.forEach((f, k) => {
    const p = params[k];
    if (f.kind === 'numeric') {
      const v = `CAST(${p} AS float8)`;
      if (f.mode === 'raw') out.push([`x${out.length}`, v]);
      else {
        const imputed = `COALESCE(${v}, ${num(f.mean)})`;
        out.push([`x${out.length}`, f.mode === 'impute' ? imputed : `(${imputed} - ${num(f.mean)}) / ${num(f.std)}`]);
      }
      return;
    }
    const is = (c: string | null) => (c === null ? `${p} IS NULL` : `CAST(${p} AS VARCHAR) = ${literal(c)}`);
    if (f.encoding === 'LABEL_ENCODING') {
      const whens = f.categories.map((c, i) => `WHEN ${is(c)} THEN ${num(i)}`).join(' ');
      out.push([`x${out.length}`, `CASE ${whens} ELSE CAST(NULL AS float8) END`]);
      return;
    }
    const shown = f.encoding === 'DUMMY_ENCODING' ? f.categories.slice(1) : f.categories;
    for (const c of shown) out.push([`x${out.length}`, `CASE WHEN ${is(c)} THEN ${num(1)} ELSE ${num(0)} END`]);
  });
  return out;
}

function glmLayers(m: GlmModel, x: readonly string[]): Layer[] {
  const z: Layer = m.intercepts.map(
    (b, c) => [m.link === 'identity' ? 'o0' : `z${c}`, dot(b, x, m.weights.slice(c * m.features, (c + 1) * m.features))] as const,
  );
  if (m.link === 'identity') return [z];
  if (m.link === 'softmax') return [z, ...softmaxLayers(names('z', m.intercepts.length))];
  // src/ml/linear-model.ts `sigmoid`, branch for branch.
  const p1 = 'CASE WHEN z0 >= 0 THEN 1 / (1 + EXP(-z0)) ELSE EXP(z0) / (1 + EXP(z0)) END';
  return [z, [['p1', p1]]];
}

function dnnLayers(m: DnnModel, x: readonly string[]): Layer[] {
  const layers: Layer[] = [];
  let inputs = [...x];
  m.layers.forEach((layer, l) => {
    const last = l === m.layers.length - 1;
    const prefix = last ? (m.output === 'softmax' ? 'z' : 'o') : `h${l}_`;
    const units = names(prefix, layer.units);
    const w = (u: number) => inputs.map((_, i) => layer.weights[i * layer.units + u]);
    layers.push(
      units.map(
        (name, u) =>
          [
            name,
            last ? dot(layer.biases[u], inputs, w(u)) : activation(m.activation, `(${dot(layer.biases[u], inputs, w(u))})`),
          ] as const,
      ),
    );
    inputs = units;
  });
  if (m.output === 'softmax') layers.push(...softmaxLayers(names('z', inputs.length)));
  return layers;
}

/** src/ml/dnn/activations.ts, in SQL. */
function activation(kind: DnnModel['activation'], pre: string): string {
  switch (kind) {
    case 'relu':
      return `CASE WHEN ${pre} > 0 THEN ${pre} ELSE ${num(0)} END`;
    case 'relu6':
      return `CASE WHEN ${pre} > 0 THEN LEAST(${pre}, ${num(6)}) ELSE ${num(0)} END`;
    case 'elu':
      return `CASE WHEN ${pre} > 0 THEN ${pre} ELSE EXP(${pre}) - 1 END`;
    case 'selu':
      return `${num(1.0507009873554805)} * CASE WHEN ${pre} > 0 THEN ${pre} ELSE ${num(1.6732632423543772)} * (EXP(${pre}) - 1) END`;
    case 'sigmoid':
      return `1 / (1 + EXP(-${pre}))`;
    case 'tanh':
      return `TANH(${pre})`;
    default:
      throw new GodwitError('E_RSML_UNSUPPORTED', `Activation ${String(kind)} has no SQL form.`, { hint: 'Train with RELU.' });
  }
}

function kmeansProgram(m: KmeansModel, x: readonly string[]): Program {
  const k = m.centroids.length / m.features;
  const d: Layer = names('d', k).map((name, c) => {
    const terms = x.map(
      (xi, j) => `(${xi} - ${num(m.centroids[c * m.features + j])}) * (${xi} - ${num(m.centroids[c * m.features + j])})`,
    );
    return [name, `SQRT(${terms.join(' + ')})`] as const;
  });
  return {
    layers: [d],
    result: pick(
      names('d', k),
      names('', k).map((_, c) => String(c)),
      true,
    ),
  };
}
