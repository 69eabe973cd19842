/**
 * Which program a contract step runs. A step whose command is `python3` (or `python`) runs the
 * interpreter named by `GODWIT_PYTHON`: the step's own `process.env.GODWIT_PYTHON` first, then
 * Godwit's environment, else the command as written. So one pipeline file runs against the system
 * Python with scikit-learn on one machine and a virtualenv on another:
 *
 * ```ts
 * training('train', { process: { command: ['python3'], code: 'train.py', contract: 'sagemaker' } })
 * // GODWIT_PYTHON=/usr/bin/python3 godwit run pipeline.ts   → runs /usr/bin/python3 train.py ...
 * ```
 *
 * The program is found before anything is staged, so a missing or non-executable interpreter is
 * reported by name instead of as a failed process.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { StepFailure } from '../step-failure.js';

const PYTHON_COMMANDS: ReadonlySet<string> = new Set(['python3', 'python']);

export interface Program {
  /** The command with the interpreter substituted. */
  readonly command: readonly string[];
  /** Where the substitution came from, for messages. */
  readonly from?: string;
}

export function chooseInterpreter(
  command: readonly string[],
  stepEnv: Readonly<Record<string, string>>,
  hostEnv: NodeJS.ProcessEnv,
): Program {
  const [first, ...rest] = command;
  if (first === undefined || !PYTHON_COMMANDS.has(first)) return { command };
  const fromStep = stepEnv.GODWIT_PYTHON?.trim();
  if (fromStep) return { command: [fromStep, ...rest], from: "the step's process.env.GODWIT_PYTHON" };
  const fromHost = hostEnv.GODWIT_PYTHON?.trim();
  if (fromHost) return { command: [fromHost, ...rest], from: 'GODWIT_PYTHON' };
  return { command };
}

/** The absolute path of `name` (searched on PATH when it has no slash); a clear error when unusable. */
export async function locateProgram(name: string, env: NodeJS.ProcessEnv, cwd: string, from?: string): Promise<string> {
  const origin = from ? ` (from ${from})` : '';
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(cwd, name)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  let notExecutable: string | undefined;
  for (const path of candidates) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    if (
      info.isFile() &&
      (await access(path, constants.X_OK).then(
        () => true,
        () => false,
      ))
    )
      return path;
    notExecutable ??= path;
  }
  if (notExecutable) {
    throw new StepFailure(
      'E_INTERPRETER_NOT_EXECUTABLE',
      'error',
      `its program ${notExecutable}${origin} is not an executable file.`,
      {
        retryable: false,
        hint: `Point ${from ?? 'process.command'} at an interpreter (e.g. GODWIT_PYTHON=/usr/bin/python3), or make it executable with chmod +x.`,
      },
    );
  }
  throw new StepFailure(
    'E_COMMAND_NOT_FOUND',
    'error',
    `its program "${name}"${origin} was not found${name.includes('/') ? '' : ' on PATH'}.`,
    {
      retryable: false,
      hint: name.includes('/')
        ? `Fix the path, or set GODWIT_PYTHON to an installed interpreter.`
        : `Install it, put it on PATH, or set GODWIT_PYTHON to an interpreter's path. PATH is ${env.PATH ?? '(unset)'}.`,
    },
  );
}
