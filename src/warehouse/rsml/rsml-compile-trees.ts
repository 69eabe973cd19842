/**
 * Boosted trees as SQL, the way src/ml/xgboost/predict-xgboost.ts scores them: features read as
 * float32, each tree a nested CASE (`x < split`, a missing value going the split's default
 * way), margins started at the base margin and summed tree by tree in float32, then the
 * objective's transform in float32 (objectives.ts): the sigmoid for binary, softmax for
 * multiclass.
 */
import { GodwitError } from '../../core/errors.js';
import type { BoostedTreeModel } from '../../ml/boosted-trees/model.js';
import { codecModel } from '../../ml/boosted-trees/model.js';
import { baseMargin } from '../../ml/xgboost/objectives.js';
import type { XgboostTree } from '../../ml/xgboost/xgboost-model.js';
import type { StoredModel } from '../bqml/bqml-model.js';
import { finish } from './rsml-compile.js';
import { f32, type Layer, names, num, type Program } from './rsml-sql.js';

export function treePrograms(model: StoredModel, x: readonly string[]): Program {
  const m = codecModel(model.model as BoostedTreeModel);
  if (m.booster.kind !== 'gbtree') throw notCompiled('a gblinear booster');
  const { trees, treeGroup, treeWeight } = m.booster;
  const xf: Layer = x.map((xi, k) => [`f${k}`, f32(xi)] as const);
  const margins: Layer = names('m', m.numGroup).map((name, g) => {
    let sum = num(baseMargin(m.objective, m.baseScore[g] ?? m.baseScore[0]));
    trees.forEach((tree, t) => {
      if (treeGroup[t] !== g) return;
      const leaf = treeSql(tree, 0);
      sum = f32(`${sum} + ${treeWeight ? f32(`${leaf} * ${num(treeWeight[t])}`) : leaf}`);
    });
    return [name, sum] as const;
  });
  return finish(model, [xf, margins, ...transform(m.objective, m.numGroup)]);
}

function transform(objective: string, groups: number): Layer[] {
  if (objective === 'reg:squarederror') return [[['o0', 'm0']]];
  if (objective === 'binary:logistic') return [[['p1', f32(`1 / ${f32(`1 + ${f32('EXP(-m0)')}`)}`)]]];
  if (objective !== 'multi:softprob') throw notCompiled(`objective ${objective}`);
  // objectives.ts softmaxRow: the first largest margin, float32 exponentials and sum.
  const m = names('m', groups);
  const max = `GREATEST(${m.join(', ')})`;
  const e: Layer = m.map((mi, k) => [`e${k}`, f32(`EXP(${f32(`${mi} - ${max}`)})`)] as const);
  let sum = num(0);
  for (const [ek] of e) sum = f32(`${sum} + ${ek}`);
  const withSum: Layer = [['s', sum], ...e.map(([ek]) => [ek, ek] as const)];
  const p: Layer = e.map(([ek], k) => [`p${k}`, f32(`${ek} / s`)] as const);
  return [e, withSum, p];
}

/** Node `n` of `tree` as an expression over the float32 features `f0…`. */
function treeSql(tree: XgboostTree, n: number): string {
  if (tree.left[n] === -1) return num(tree.condition[n]);
  if (tree.categories?.has(n)) throw notCompiled('a categorical split');
  const x = `f${tree.feature[n]}`;
  const goesLeft = tree.defaultLeft[n] ? `${x} < ${num(tree.condition[n])} OR ${x} IS NULL` : `${x} < ${num(tree.condition[n])}`;
  return `CASE WHEN ${goesLeft} THEN ${treeSql(tree, tree.left[n])} ELSE ${treeSql(tree, tree.right[n])} END`;
}

function notCompiled(what: string): GodwitError {
  return new GodwitError('E_RSML_UNSUPPORTED', `A boosted tree model with ${what} has no SQL form in Godwit.`, {
    hint: 'Redshift ML XGBOOST models Godwit trains use binary:logistic, multi:softprob or reg:squarederror.',
  });
}
