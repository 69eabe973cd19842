import type jsonata from 'jsonata';
import { compileExpression, expressionBody, isExpression } from '../jsonata/jsonata-expression.js';
import type { AslProblem } from './asl-problem.js';

/**
 * Definition-time checks of one `{% %}` expression, as Step Functions makes them when a state
 * machine is created: it must parse (`INVALID_JSONATA_EXPRESSION`, with the parser's message),
 * and it must not read a context item, which does not exist in Step Functions (the input is
 * `$states.input`): a bare field name or `$` at the top level, `$$` anywhere, or a call of
 * `$eval`, are `UNSUPPORTED_JSONATA_EXPRESSION`.
 */
export function checkExpression(value: string, location: string, state: string): AslProblem[] {
  let ast: jsonata.ExprNode;
  try {
    ast = compileExpression(value).ast();
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return [
      {
        code: 'INVALID_JSONATA_EXPRESSION',
        message: `The JSONata expression '${expressionBody(value)}' of state "${state}" does not parse: ${e.code ? `${e.code}: ` : ''}${e.message}`,
        location,
      },
    ];
  }
  const found: string[] = [];
  walk(ast as unknown as Node, true, found);
  return [...new Set(found)].map((what) => ({
    code: 'UNSUPPORTED_JSONATA_EXPRESSION',
    message: `${what} in state "${state}" is not supported (read the input as $states.input, variables as $name).`,
    location,
  }));
}

/** The parts of jsonata's AST this walk reads (its published type lacks several node kinds). */
interface Node {
  readonly type: string;
  readonly value?: unknown;
  readonly steps?: readonly Node[];
  readonly arguments?: readonly Node[];
  readonly expressions?: readonly Node[];
  readonly expression?: Node;
  readonly procedure?: Node;
  readonly body?: Node;
  readonly then?: Node;
  readonly else?: Node;
  readonly condition?: Node;
  readonly lhs?: Node | readonly (readonly Node[])[];
  readonly rhs?: Node;
}

/** Collects unsupported references; `top` means `node` is evaluated against the (absent) context item. */
function walk(node: Node | undefined, top: boolean, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  switch (node.type) {
    case 'name':
      if (top) found.push(`Reference to '${String(node.value)}' at the top level`);
      return;
    case 'variable':
      if (node.value === '$') found.push("Reference to '$$'");
      else if (node.value === '' && top) found.push("Reference to '$' at the top level");
      return;
    case 'path':
      node.steps?.forEach((step, i) => {
        walk(step, top && i === 0, found);
      });
      return;
    case 'function':
    case 'partial':
      if (node.procedure?.type === 'variable' && node.procedure.value === 'eval') found.push('The function $eval');
      walk(node.procedure, top, found);
      for (const arg of node.arguments ?? []) walk(arg, top, found);
      return;
    case 'lambda':
      // A lambda body keeps the context of the expression that defines it.
      walk(node.body, top, found);
      return;
    case 'unary':
      if (node.value === '{' && Array.isArray(node.lhs))
        for (const pair of node.lhs) for (const part of pair) walk(part, top, found);
      else for (const item of node.expressions ?? [node.expression]) walk(item, top, found);
      return;
    case 'block':
      for (const item of node.expressions ?? []) walk(item, top, found);
      return;
    default:
      for (const child of [node.lhs, node.rhs, node.condition, node.then, node.else]) {
        if (child && !Array.isArray(child)) walk(child as Node, top, found);
      }
  }
}

/** Every `{% %}` string inside `value`, with its JSON pointer below `location`. */
export function expressionsIn(value: unknown, location: string): { value: string; location: string }[] {
  if (isExpression(value)) return [{ value, location }];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => expressionsIn(v, `${location}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`));
}
