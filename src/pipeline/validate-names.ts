import type { ParameterType, ParameterValue } from './ir.js';
import { IR_API_VERSION } from './ir.js';
import { INTEGER_RANGE } from './parameters.js';
import type { CheckContext } from './validate-context.js';
import { propertyFilesOf } from './validate-context.js';
import { describeValue } from './validate-format.js';

/**
 * Names of pipelines, steps, parameters and artifacts: they become folder names, environment
 * variables (`SM_CHANNEL_TRAIN`) and cloud resource names, so they keep to what every target takes.
 */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const NAME_MAX_LENGTH = 63;

/** Why `name` is not a valid name, or undefined when it is. */
export function nameProblem(name: string, what: string): string | undefined {
  if (name === '') return `${what} name is empty.`;
  if (name.length > NAME_MAX_LENGTH)
    return `${what} name "${name.slice(0, 20)}…" is ${name.length} characters long; the limit is ${NAME_MAX_LENGTH}.`;
  if (!NAME_PATTERN.test(name))
    return `${what} name "${name}" is not valid: use letters, digits, "-" and "_", starting with a letter (at most ${NAME_MAX_LENGTH} characters).`;
  return undefined;
}

export function checkNames(ctx: CheckContext): void {
  const { ir, report } = ctx;
  if (ir.apiVersion !== IR_API_VERSION)
    report(undefined, 'apiVersion', `unsupported version "${ir.apiVersion}". Supported versions: ${IR_API_VERSION}.`);
  const pipelineProblem = nameProblem(ir.name, 'Pipeline');
  if (pipelineProblem) report(undefined, 'name', pipelineProblem);

  checkUnique(
    ir.steps.map((s) => s.name),
    (name, message) => report(name, 'name', message),
    'step',
  );
  for (const s of ir.steps) {
    const problem = nameProblem(s.name, 'Step');
    if (problem) report(s.name === '' ? undefined : s.name, 'name', problem);
  }

  checkUnique(
    ir.parameters.map((p) => p.name),
    (name, message) => report(undefined, `parameters.${name}.name`, message),
    'parameter',
  );
  for (const p of ir.parameters) {
    const problem = nameProblem(p.name, 'Parameter');
    if (problem) report(undefined, `parameters.${p.name}.name`, problem);
    if (p.default !== undefined && !matchesType(p.type, p.default))
      report(undefined, `parameters.${p.name}.default`, defaultMismatch(p.type, p.default));
  }

  for (const s of ir.steps) checkArtifactNames(ctx, s.name, s);
}

function checkArtifactNames(ctx: CheckContext, step: string, s: CheckContext['ir']['steps'][number]): void {
  const groups: [string, string, readonly { name: string }[]][] = [
    ['inputs', 'input', 'inputs' in s ? s.inputs : []],
    ['outputs', 'output', 'outputs' in s ? s.outputs : []],
    ['propertyFiles', 'property file', propertyFilesOf(s)],
  ];
  for (const [field, what, items] of groups) {
    checkUnique(
      items.map((i) => i.name),
      (name, message) => ctx.report(step, `${field}.${name}`, message),
      what,
    );
    for (const i of items) {
      const problem = nameProblem(i.name, capitalize(what));
      if (problem) ctx.report(step, `${field}.${i.name}`, problem);
    }
  }
}

function checkUnique(names: readonly string[], report: (name: string, message: string) => void, what: string): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const name of names) {
    if (seen.has(name) && !reported.has(name)) {
      const count = names.filter((n) => n === name).length;
      report(name, `${count} ${what}s are named "${name}"; ${what} names must be unique.`);
      reported.add(name);
    }
    seen.add(name);
  }
}

export function matchesType(type: ParameterType, value: ParameterValue): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

function defaultMismatch(type: ParameterType, value: ParameterValue): string {
  const article = type === 'integer' ? 'an' : 'a';
  let fix = '';
  if (typeof value === 'string' && type !== 'string') fix = ' Write it without quotes.';
  else if (type === 'integer' && Number.isInteger(value)) return `the default ${describeValue(value)} ${INTEGER_RANGE}.`;
  else if (type === 'integer' && typeof value === 'number') fix = ' Use a whole number, or make the parameter a float.';
  return `the default ${describeValue(value)} is not ${article} ${type}, the parameter's type.${fix}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
