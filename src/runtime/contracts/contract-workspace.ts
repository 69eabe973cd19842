/**
 * Prepares one attempt of a contract step: finds the program, stages inputs and code at their
 * container paths inside the workspace, resolves arguments and environment, applies the contract
 * (contract files, variables, arguments) and, under bubblewrap, describes the sandbox. The result
 * is everything needed to launch the process, any number of times (spot restarts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParameterValue, ProcessingStep, ProcessSpec, TrainingStep } from '../../pipeline/ir.js';
import { localPathOf } from '../artifact-io.js';
import { type ContainerLayout, PROCESSING_LAYOUT, type StagedIo, stageCode, stageIo, TRAINING_LAYOUT } from '../process-step.js';
import type { StepContext } from '../step-context.js';
import { CONTAINER_ROOT, envName, localPathFor } from '../workspace.js';
import type { ContractJob, ContractName, ContractSetup } from './container-contract.js';
import { CONTRACTS, describeJob } from './contract-job.js';
import { resolveHyperparameters } from './hyperparameters.js';
import { chooseInterpreter, locateProgram, type Program } from './interpreter.js';
import { pathRewriter } from './path-rewrite.js';
import { exposureFor, type SandboxMode, type SandboxSpec } from './sandbox.js';

const DEFAULT_CHECKPOINT_DIR = '/opt/ml/checkpoints';

export interface PreparedLaunch {
  readonly contract: ContractName;
  readonly job: ContractJob;
  readonly setup: ContractSetup;
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Host path for `runProcess`; under bubblewrap the sandbox changes into `sandbox.cwd`. */
  readonly cwd: string;
  readonly sandbox?: SandboxSpec;
  /** Host folders of each declared output, by name. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly failureFile: string;
  readonly checkpoint?: { readonly hostDir: string; readonly remoteDir: string };
  /** Host folders a restarted process must find empty, as on a fresh instance. */
  readonly scratch: readonly string[];
}

/** How the step's process sees its container paths, and where they are on the host. */
interface View {
  readonly hostPath: (containerPath: string) => string;
  readonly at: (containerPath: string) => string;
  /** Rewrites container paths in text on the host; the identity under bubblewrap. */
  readonly rewrite: (text: string) => string;
  readonly inputPaths: readonly string[];
  readonly outputPaths: readonly string[];
  /** Container paths outside /opt/ml that must exist (and, under bubblewrap, be mounted). */
  readonly outside: readonly string[];
}

export async function prepareLaunch(ctx: StepContext, mode: SandboxMode): Promise<PreparedLaunch> {
  const step = ctx.step as TrainingStep | ProcessingStep;
  const spec = step.process as ProcessSpec;
  const contract = spec.contract as ContractName;
  const layout = step.type === 'training' ? TRAINING_LAYOUT : PROCESSING_LAYOUT;
  const checkpointDir =
    step.type === 'training' && step.checkpoint ? (step.checkpoint.localPath ?? DEFAULT_CHECKPOINT_DIR) : undefined;
  const view = containerView(ctx.workspace, mode, step, layout, checkpointDir);

  // Everything that can be wrong without touching the disk is checked first.
  const hyperparameters = step.type === 'training' ? await resolveHyperparameters(ctx, step) : {};
  const { program, executable } = await findProgram(ctx, spec);
  const remoteCheckpoints =
    step.type === 'training' && step.checkpoint ? localPathOf(step.checkpoint.uri, ctx.run.baseDir) : undefined;

  const io = await stageIo(ctx, step, layout, view.hostPath, step.type === 'training' ? 'channel' : 'input');
  const entry = spec.code ? await stageCode(ctx, spec, view.hostPath(layout.codeDir)) : undefined;
  const programName = entry ? relative(view.hostPath(layout.codeDir), entry) : undefined;
  // SageMaker's toolkit starts `python train.py` in the code folder; other jobs name the file in full.
  const scriptArg =
    programName === undefined
      ? []
      : [step.type === 'training' && contract === 'sagemaker' ? programName : view.at(join(layout.codeDir, programName))];
  const { args, env: stepEnv, visible } = await resolveProcess(ctx, spec, step, view);

  const job = await describeJob(ctx, step, {
    at: view.at,
    sandboxed: mode === 'bwrap',
    inputPaths: view.inputPaths,
    outputPaths: view.outputPaths,
    stagedInputs: io.inputs,
    hyperparameters: rewriteValues(hyperparameters, view.rewrite),
    program: programName,
    codeDir: programName !== undefined && step.type === 'training' ? layout.codeDir : undefined,
    entrypoint: [...program.command, ...scriptArg],
    args,
    env: stepEnv,
    checkpointDir,
  });
  const setup = CONTRACTS[contract][step.type](job);
  const scratch = await layOut(view, setup, step.type, io, checkpointDir);

  return {
    contract,
    job,
    setup,
    argv: [executable, ...program.command.slice(1), ...scriptArg, ...args, ...setup.args],
    env: launchEnv(ctx, mode, view, visible, setup, stepEnv),
    cwd: mode === 'bwrap' ? ctx.workspace : view.hostPath(setup.cwd),
    sandbox: mode === 'bwrap' ? sandboxSpec(ctx, view, setup, executable) : undefined,
    outputs: io.outputs,
    failureFile: view.hostPath('/opt/ml/output/failure'),
    checkpoint:
      checkpointDir && remoteCheckpoints ? { hostDir: view.hostPath(checkpointDir), remoteDir: remoteCheckpoints } : undefined,
    scratch,
  };
}

function containerView(
  ws: string,
  mode: SandboxMode,
  step: TrainingStep | ProcessingStep,
  layout: ContainerLayout,
  checkpointDir?: string,
): View {
  const hostPath = (p: string) => localPathFor(ws, p);
  const inputPaths = step.inputs.map((i) => layout.inputPath(i));
  const outputPaths = step.outputs.map((o) => layout.outputPath(o));
  const outside = outsideRoot([...inputPaths, ...outputPaths, ...(checkpointDir ? [checkpointDir] : [])]);
  return mode === 'bwrap'
    ? { hostPath, at: (p) => p, rewrite: (t) => t, inputPaths, outputPaths, outside }
    : { hostPath, at: hostPath, rewrite: pathRewriter([CONTAINER_ROOT, ...outside], hostPath), inputPaths, outputPaths, outside };
}

/** The interpreter (GODWIT_PYTHON, the step's own first) and its absolute path. */
async function findProgram(ctx: StepContext, spec: ProcessSpec): Promise<{ program: Program; executable: string }> {
  const override = spec.env?.GODWIT_PYTHON;
  const stepEnv: Record<string, string> = override === undefined ? {} : { GODWIT_PYTHON: String(await ctx.resolve(override)) };
  const program = chooseInterpreter(spec.command, stepEnv, ctx.run.hostEnv);
  const executable = await locateProgram(program.command[0] ?? '', ctx.run.hostEnv, ctx.run.baseDir, program.from);
  return { program, executable };
}

/** The step's own arguments and environment, with `InputPath` / `OutputPath` as the process sees them. */
async function resolveProcess(ctx: StepContext, spec: ProcessSpec, step: TrainingStep | ProcessingStep, view: View) {
  const visible: StagedIo = {
    inputs: Object.fromEntries(step.inputs.map((i, n) => [i.name, view.at(view.inputPaths[n])])),
    outputs: Object.fromEntries(step.outputs.map((o, n) => [o.name, view.at(view.outputPaths[n])])),
  };
  const args: string[] = [];
  for (const a of spec.args ?? []) args.push(view.rewrite(String(await ctx.resolve(a, visible))));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env ?? {})) {
    if (k !== 'GODWIT_PYTHON') env[k] = view.rewrite(String(await ctx.resolve(v, visible)));
  }
  return { args, env, visible };
}

function rewriteValues(
  values: Readonly<Record<string, ParameterValue>>,
  rewrite: (t: string) => string,
): Record<string, ParameterValue> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? rewrite(v) : v]));
}

/** Creates the folders a fresh instance has and writes the contract's files; returns the folders to empty on a restart. */
async function layOut(
  view: View,
  setup: ContractSetup,
  kind: 'training' | 'processing',
  io: StagedIo,
  checkpointDir?: string,
): Promise<string[]> {
  const fresh = kind === 'training' ? ['/opt/ml/model', '/opt/ml/output', '/opt/ml/output/data'] : ['/opt/ml/output'];
  const scratch = [
    ...fresh.map(view.hostPath),
    ...Object.values(io.outputs),
    ...(checkpointDir ? [view.hostPath(checkpointDir)] : []),
  ];
  for (const dir of [...scratch, view.hostPath(setup.cwd), ...view.outside.map(view.hostPath)])
    await mkdir(dir, { recursive: true });
  for (const f of setup.files) {
    await mkdir(dirname(view.hostPath(f.path)), { recursive: true });
    await writeFile(view.hostPath(f.path), f.content);
  }
  return scratch;
}

function launchEnv(
  ctx: StepContext,
  mode: SandboxMode,
  view: View,
  visible: StagedIo,
  setup: ContractSetup,
  stepEnv: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.run.hostEnv,
    GODWIT_WORKSPACE: view.at(CONTAINER_ROOT),
    GODWIT_RUN_ID: ctx.run.id,
    GODWIT_STEP: ctx.step.name,
  };
  for (const [name, p] of Object.entries(visible.inputs)) env[envName('GODWIT_INPUT', name)] = p;
  for (const [name, p] of Object.entries(visible.outputs)) env[envName('GODWIT_OUTPUT', name)] = p;
  // Under bubblewrap /tmp is private; a host TMPDIR elsewhere would be read-only there.
  if (mode === 'bwrap' && env.TMPDIR) env.TMPDIR = '/tmp';
  Object.assign(env, setup.env, stepEnv);
  return env;
}

/**
 * Godwit's own files: its CLI (what the `godwit/builtin` image runs) and the scripts it ships
 * (the XGBoost algorithm, the FrameworkProcessor runner). Installed under /tmp (a checkout a CI
 * job cloned there), the sandbox's private /tmp would hide them, so they are exposed read-only.
 */
const GODWIT_ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

function sandboxSpec(ctx: StepContext, view: View, setup: ContractSetup, executable: string): SandboxSpec {
  const home = ctx.services.home.root;
  return {
    binds: [
      { host: ctx.workspace, path: CONTAINER_ROOT },
      ...view.outside.map((p) => ({ host: view.hostPath(p), path: p })),
      ...(setup.aliases ?? []).map((a) => ({ host: view.hostPath(a.target), path: a.path })),
    ],
    // Other runs and the artifact store stay out of sight (under /tmp the private /tmp hides them).
    hide: home !== '/' && !home.startsWith('/tmp/') && !executable.startsWith(`${home}/`) ? [home] : [],
    expose: [exposureFor(executable), GODWIT_ROOT.startsWith('/tmp/') ? GODWIT_ROOT : undefined].filter(
      (e): e is string => e !== undefined,
    ),
    cwd: setup.cwd,
  };
}

/** Container paths outside /opt/ml, without any that sit inside another. */
function outsideRoot(paths: readonly string[]): string[] {
  const outside = [...new Set(paths.map((p) => p.replace(/\/+$/, '')))]
    .filter((p) => p !== CONTAINER_ROOT && !p.startsWith(`${CONTAINER_ROOT}/`))
    .sort();
  return outside.filter((p, i) => !outside.slice(0, i).some((q) => p.startsWith(`${q}/`)));
}
