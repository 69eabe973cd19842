/**
 * Lightweight Python components (`@dsl.component` functions) compile to a container that pip
 * installs the KFP SDK, writes the function's source to `ephemeral_component.py` and runs it
 * through `python3 -m kfp.dsl.executor_main --executor_input {{$}}`. Everything they do happens
 * inside the SDK at run time (reading the executor input, writing output parameters and artifact
 * metadata), so Godwit refuses them, naming each one and how to rewrite it as a container
 * component — a command that Godwit runs as a processing step.
 */
import type { GodwitError } from '../../core/errors.js';
import { isObject, type Json, refuse, stringsAt, type Where } from './kfp-document.js';

const BOOTSTRAP = [
  /kfp\.dsl\.executor_main/,
  /kfp\.components\.executor_main/,
  /ephemeral_component\.py/,
  /pip install[^\n]*'kfp[=<>~!']/,
];

/** What a lightweight component's container reveals: the function and the SDK it installs. */
export interface Lightweight {
  readonly component: string;
  readonly executor: string;
  readonly func?: string;
  readonly sdk?: string;
}

/** The lightweight-Python details of one container executor, or undefined for a plain container. */
export function lightweightOf(where: Where, executor: string, container: Json): Omit<Lightweight, 'component'> | undefined {
  const argv = [...stringsAt(where, container.command, 'command'), ...stringsAt(where, container.args, 'args')];
  if (!argv.some((part) => BOOTSTRAP.some((re) => re.test(part)))) return undefined;
  const at = argv.indexOf('--function_to_execute');
  const func = at >= 0 ? argv[at + 1] : undefined;
  const sdk = argv.map((part) => /'?(kfp==[^'\s]+)/.exec(part)?.[1]).find((v) => v !== undefined);
  return { executor, func, sdk };
}

/** Every lightweight component of the spec, in component order. */
export function findLightweight(where: Where, components: Json, executors: Json): Lightweight[] {
  const found: Lightweight[] = [];
  for (const [name, component] of Object.entries(components)) {
    if (!isObject(component) || typeof component.executorLabel !== 'string') continue;
    const executor = executors[component.executorLabel];
    if (!isObject(executor) || !isObject(executor.container)) continue;
    const details = lightweightOf(where, component.executorLabel, executor.container);
    if (details) found.push({ component: name, ...details });
  }
  return found;
}

/** The refusal for a spec with lightweight components: each named, why, and the rewrite. */
export function lightweightRefusal(where: Where, found: readonly Lightweight[]): GodwitError {
  const list = found.map((l) => `"${l.component}"${l.func ? ` (function ${l.func})` : ''}`).join(', ');
  const sdk = found.find((l) => l.sdk)?.sdk;
  const one = found.length === 1;
  return refuse(
    where,
    `${one ? 'component' : 'components'} ${list} ${one ? 'is a lightweight Python component' : 'are lightweight Python components'}: ` +
      `the container pip-installs the KFP SDK${sdk ? ` (${sdk})` : ''} and runs the function through ` +
      '`python3 -m kfp.dsl.executor_main`, which reads the executor input and writes outputs at run time. ' +
      'Godwit runs containers with plain commands and does not run the KFP SDK.',
    'Rewrite each as a container component whose command is a plain program: @dsl.container_component returning ' +
      "dsl.ContainerSpec(image='python:3.11', command=['python3', '-c', SCRIPT], args=[data.path, out.path]) with the " +
      'function body in SCRIPT (reading its paths from sys.argv); recompile and import again. ' +
      'See docs/import-kfp.md.',
  );
}
