/**
 * Which program a container instance runs. In the clouds a container is an image; here it is a
 * command on this machine, named one of two ways:
 *
 * - `command` (and `args`), as Vertex AI's `containerSpec` spells them, for either contract:
 *   `{ command: ['python3', 'serve.py'] }`; under the SageMaker contract `args` default to
 *   `['serve']`, the argument SageMaker gives a container (`docker run image serve`);
 * - an `image` that is a local path (`/…`, `./…`, `../…` or `file://…`): an executable file runs as
 *   `<file> serve`, a `.py` file as `python3 <file> serve`, a folder as `<folder>/serve serve`.
 *
 * `python3` / `python` as the program is replaced by `GODWIT_PYTHON` (the container's
 * `Environment` first, then Godwit's), as contract steps do. Vertex's `$(VAR)` references in
 * `command` and `args` are expanded from the container's variables (`$$(` escapes one).
 */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../../core/errors.js';
import { chooseInterpreter, locateProgram } from '../../runtime/contracts/interpreter.js';
import type { ContainerSpec } from '../model-runtime.js';

export interface ContainerCommand {
  /** The program (an absolute path) and its arguments. */
  readonly argv: readonly string[];
  /** Host folders the program needs to see (its image folder or script's folder). */
  readonly codeDirs: readonly string[];
}

/** True when an image names a local program rather than a registry image. */
export function isLocalImage(image: string | undefined): boolean {
  return image !== undefined && /^(\/|\.\.?\/|file:\/\/)/.test(image);
}

/** The command of a container, found on this machine; `env` is what the process will get. */
export async function containerCommand(
  spec: ContainerSpec,
  env: Readonly<Record<string, string>>,
  hostEnv: NodeJS.ProcessEnv,
  cwd = process.cwd(),
): Promise<ContainerCommand> {
  const contract = spec.contract ?? 'sagemaker';
  const args = (spec.args ?? (contract === 'sagemaker' ? ['serve'] : [])).map((a) => expand(a, env));
  let argv: string[];
  const codeDirs: string[] = [];
  if (spec.command && spec.command.length > 0) {
    argv = [...spec.command.map((a) => expand(a, env)), ...args];
  } else if (isLocalImage(spec.image)) {
    const image = spec.image as string;
    const path = image.startsWith('file://') ? fileURLToPath(image) : resolve(cwd, image);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw imageError(image, `the path ${path} does not exist`);
    codeDirs.push(info.isDirectory() ? path : dirname(path));
    if (info.isDirectory()) argv = [join(path, 'serve'), ...args];
    else if (path.endsWith('.py')) argv = ['python3', path, ...args];
    else argv = [path, ...args];
  } else {
    throw imageError(
      spec.image ?? '(none)',
      'it is not a local path and the container has no command, so there is nothing to run here',
    );
  }
  const program = chooseInterpreter(argv, spec.environment ?? {}, hostEnv);
  const [name, ...rest] = program.command;
  const located = await locateProgram(name as string, hostEnv, cwd, program.from).catch((err: GodwitError) => {
    throw new GodwitError(err.code, `The container's ${err.message.replace(/^its /, '')}`, { hint: err.hint });
  });
  return { argv: [located, ...rest], codeDirs };
}

function imageError(image: string, why: string): GodwitError {
  return new GodwitError('E_CONTAINER_IMAGE', `The container's image "${image}" cannot be run on this machine: ${why}.`, {
    hint: 'Give the container a command (Vertex AI containerSpec command/args), or an image that is a local path: an executable, a .py file or a folder holding an executable "serve" (see docs/byoc.md).',
  });
}

/** Kubernetes' and Vertex AI's `$(VAR)` expansion: unknown names stay as written, `$$(` is `$(`. */
export function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$(\$)?\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, escaped: string | undefined, name: string) => {
    if (escaped) return `$(${name})`;
    return env[name] ?? whole;
  });
}
