import { mkdirSync } from 'node:fs';
import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { InputSpec, OutputSpec, ProcessSpec } from '../pipeline/ir.js';
import { chooseInterpreter } from './contracts/interpreter.js';
import { type ProcessResult, runProcess } from './process.js';
import type { StepContext, StepResult } from './step-context.js';
import { StepFailure } from './step-failure.js';
import { envName, localPathFor } from './workspace.js';

/** Where a step kind puts inputs, outputs and code inside the container (SageMaker's layout). */
export interface ContainerLayout {
  readonly inputPath: (input: InputSpec) => string;
  readonly outputPath: (output: OutputSpec) => string;
  readonly codeDir: string;
}

export const PROCESSING_LAYOUT: ContainerLayout = {
  inputPath: (i) => i.destination ?? `/opt/ml/processing/input/${i.name}`,
  outputPath: (o) => o.source ?? `/opt/ml/processing/output/${o.name}`,
  codeDir: '/opt/ml/processing/input/code',
};

export const TRAINING_LAYOUT: ContainerLayout = {
  inputPath: (i) => i.destination ?? `/opt/ml/input/data/${i.name}`,
  outputPath: (o) =>
    o.source ?? (o.name === 'model' ? '/opt/ml/model' : `/opt/ml/output/${o.name === 'output' ? 'data' : o.name}`),
  codeDir: '/opt/ml/code',
};

/** Each input's and output's folder in the workspace, by name. */
export interface StagedIo {
  readonly inputs: Record<string, string>;
  readonly outputs: Record<string, string>;
}

/**
 * Runs a step's command over staged inputs: inputs are copied to their container paths inside the
 * workspace, the code is staged beside them, and each output folder is handed back for storing.
 * The process learns its paths from `GODWIT_INPUT_<NAME>` / `GODWIT_OUTPUT_<NAME>` and from
 * `InputPath` / `OutputPath` references in its arguments. Steps that name a cloud contract run
 * through contracts/contract-step.ts instead.
 */
export async function runProcessStep(
  ctx: StepContext,
  spec: ProcessSpec,
  io: { inputs: readonly InputSpec[]; outputs: readonly OutputSpec[] },
  layout: ContainerLayout,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<StepResult> {
  const ws = ctx.workspace;
  const { inputs, outputs } = await stageIo(ctx, io, layout, (p) => localPathFor(ws, p));
  const code = spec.code ? [await stageCode(ctx, spec, localPathFor(ws, layout.codeDir))] : [];

  const paths = { inputs, outputs };
  const args = await Promise.all((spec.args ?? []).map(async (a) => String(await ctx.resolve(a, paths))));
  const stepEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env ?? {})) stepEnv[k] = String(await ctx.resolve(v, paths));
  const env: NodeJS.ProcessEnv = {
    ...ctx.run.hostEnv,
    GODWIT_WORKSPACE: ws,
    GODWIT_RUN_ID: ctx.run.id,
    GODWIT_STEP: ctx.step.name,
  };
  for (const [name, p] of Object.entries(inputs)) env[envName('GODWIT_INPUT', name)] = p;
  for (const [name, p] of Object.entries(outputs)) env[envName('GODWIT_OUTPUT', name)] = p;
  Object.assign(env, extraEnv, stepEnv);

  const program = [...chooseInterpreter(spec.command, stepEnv, ctx.run.hostEnv).command, ...code];
  const [command, ...commandArgs] = program;
  ctx.log(`$ ${[...program, ...args].join(' ')}`);
  const result = await runProcess({
    command,
    args: [...commandArgs, ...args],
    cwd: ws,
    env,
    signal: ctx.signal,
    logFd: ctx.logFd(),
    recordAs: ctx.processFile,
  });
  if (result.exitCode !== 0) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    throw await exitFailure(ctx, result, localPathFor(ws, '/opt/ml/output/failure'));
  }
  return { outputs };
}

/** Copies each input to its container path and creates each output folder; `hostPath` maps container paths. */
export async function stageIo(
  ctx: StepContext,
  io: { inputs: readonly InputSpec[]; outputs: readonly OutputSpec[] },
  layout: ContainerLayout,
  hostPath: (containerPath: string) => string,
  inputLabel = 'input',
): Promise<StagedIo> {
  // Synchronous: one mkdir is cheaper than a thread-pool round trip, and this is every step's path.
  mkdirSync(ctx.workspace, { recursive: true });
  const inputs: Record<string, string> = {};
  const outputs: Record<string, string> = {};
  for (const input of io.inputs) {
    inputs[input.name] = hostPath(layout.inputPath(input));
    await ctx.stageInput(input.source, inputs[input.name], `${inputLabel} "${input.name}"`);
  }
  for (const output of io.outputs) {
    outputs[output.name] = hostPath(layout.outputPath(output));
    await mkdir(outputs[output.name], { recursive: true });
  }
  return { inputs, outputs };
}

/**
 * The failure of a process that exited non-zero: the reason it wrote to `/opt/ml/output/failure`
 * (as SageMaker reports `FailureReason`), else the last lines of its log.
 */
export async function exitFailure(
  ctx: StepContext,
  result: ProcessResult,
  failureFile: string,
  explain?: (tail: readonly string[]) => StepFailure | undefined,
): Promise<StepFailure> {
  const reported = (await readFile(failureFile, 'utf8').catch(() => '')).trim();
  const how = result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const lines = result.tail.filter((l) => l.trim() !== '');
  const explained = explain?.(lines);
  if (explained) return explained;
  const tail = lines.slice(-8).join('\n    ');
  return new StepFailure(
    'E_STEP_EXIT',
    'error',
    reported ? `${reported} (the process ${how})` : `its command ${how}.${tail ? ` Last lines of its log:\n    ${tail}\n ` : ''}`,
    { exitCode: result.exitCode ?? undefined, hint: `Full log: ${ctx.logPath}` },
  );
}

/** Copies the step's code into the workspace and returns the path of the file to run. */
export async function stageCode(ctx: StepContext, spec: ProcessSpec, codeDir: string): Promise<string> {
  const source = join(ctx.run.baseDir, spec.code as string);
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    throw new StepFailure('E_CODE_MISSING', 'error', `its code ${spec.code} does not exist (looked at ${source}).`, {
      retryable: false,
      hint: 'Paths in process.code are relative to the pipeline file.',
    });
  }
  await mkdir(codeDir, { recursive: true });
  if (info.isDirectory()) {
    await cp(source, codeDir, { recursive: true });
    if (!spec.entryPoint) {
      throw new StepFailure(
        'E_CODE_MISSING',
        'error',
        `its code ${spec.code} is a folder but process.entryPoint names no file in it.`,
        { retryable: false },
      );
    }
    const entry = join(codeDir, spec.entryPoint);
    if (!(await stat(entry).catch(() => undefined))) {
      throw new StepFailure('E_CODE_MISSING', 'error', `its entry point ${spec.entryPoint} is not in ${spec.code}.`, {
        retryable: false,
      });
    }
    return entry;
  }
  const target = join(codeDir, basename(source));
  await cp(source, target);
  return target;
}
