/**
 * A toy KFP launcher for tests: runs a compiled PipelineSpec's tasks on this machine in dependency
 * order, resolving placeholders the way KFP's driver and launcher do — artifact paths are folders
 * under a work directory, importers map uploaded URIs back to the local files, output parameters
 * are read from their `output_file`s, condition DAGs run when their trigger holds. Each container
 * runs under bubblewrap with a private, empty `/opt/ml` (the image is ignored: the host's `node`,
 * `python3` and `sh` stand in, and `godwit` is this checkout's CLI). The trigger CEL is evaluated as
 * JavaScript, which covers the comparisons, `!`, `&&`, `||`, `int()` and `double()` the compiler emits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerSpec, Definitions, PipelineSpec, TaskSpec } from '../../../src/compile/kfp/kfp-spec.js';
import type { Upload } from '../../../src/compile/target.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const GODWIT = ['node', '--conditions=godwit-source', '--import', 'tsx', join(REPO, 'src/cli/bin.ts')];
const SANDBOX = ['bwrap', '--bind', '/', '/', '--tmpfs', '/opt/ml', '--dev', '/dev', '--proc', '/proc', '--'];

/** Whether bubblewrap can give a process a private /opt/ml here. */
export function canSandbox(): boolean {
  return spawnSync(SANDBOX[0], [...SANDBOX.slice(1), 'true'], { stdio: 'ignore' }).status === 0;
}

export interface TaskRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly argv: readonly string[];
}

export interface LaunchOptions {
  readonly work: string;
  /** Folder the uploads' `local` paths are relative to. */
  readonly baseDir: string;
  readonly parameters?: Record<string, unknown>;
  /** Tasks whose argv is recorded but not run (commands this checkout does not have yet). */
  readonly stub?: readonly string[];
}

interface Values {
  readonly params: Record<string, unknown>;
  readonly artifacts: Record<string, string>;
}

export class MiniLauncher {
  readonly runs = new Map<string, TaskRun>();
  readonly outputs = new Map<string, Values>();
  private readonly localOf: Map<string, string>;

  constructor(
    private readonly spec: PipelineSpec,
    uploads: readonly Upload[],
    private readonly options: LaunchOptions,
  ) {
    this.localOf = new Map(uploads.map((u) => [u.uri, join(options.baseDir, u.local)]));
  }

  run(): void {
    const params: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(this.spec.root.inputDefinitions?.parameters ?? {})) params[name] = def.defaultValue;
    Object.assign(params, this.options.parameters);
    this.runDag(this.spec.root.dag.tasks, { params, artifacts: {} });
  }

  private runDag(tasks: Record<string, TaskSpec>, scope: Values): void {
    const done = new Set<string>();
    while (done.size < Object.keys(tasks).length) {
      const ready = Object.entries(tasks).filter(([n, t]) => !done.has(n) && (t.dependentTasks ?? []).every((d) => done.has(d)));
      if (ready.length === 0) throw new Error(`cycle or missing dependency among ${Object.keys(tasks).join(', ')}`);
      for (const [name, task] of ready) {
        this.runTask(name, task, scope);
        done.add(name);
      }
    }
  }

  private inputsOf(task: TaskSpec, scope: Values): Values {
    const params: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(task.inputs?.parameters ?? {})) {
      if ('componentInputParameter' in p) params[k] = scope.params[p.componentInputParameter];
      else if ('taskOutputParameter' in p)
        params[k] = this.outputs.get(p.taskOutputParameter.producerTask)?.params[p.taskOutputParameter.outputParameterKey];
      else params[k] = p.runtimeValue.constant;
    }
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string')
        params[k] = v.replace(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g, (_, n) => String(params[n]));
    }
    const artifacts: Record<string, string> = {};
    for (const [k, a] of Object.entries(task.inputs?.artifacts ?? {})) {
      const from =
        'componentInputArtifact' in a
          ? scope.artifacts[a.componentInputArtifact]
          : this.outputs.get(a.taskOutputArtifact.producerTask)?.artifacts[a.taskOutputArtifact.outputArtifactKey];
      if (from === undefined) throw new Error(`no artifact for input ${k}`);
      artifacts[k] = from;
    }
    return { params, artifacts };
  }

  private runTask(name: string, task: TaskSpec, scope: Values): void {
    const inputs = this.inputsOf(task, scope);
    const component = this.spec.components[task.componentRef.name];
    if (task.triggerPolicy) {
      const holds = new Function('inputs', 'int', 'double', 'string', `return (${task.triggerPolicy.condition});`);
      if (!holds({ parameter_values: inputs.params }, Math.trunc, Number, String)) return;
    }
    if (component.dag) {
      this.runDag(component.dag.tasks, inputs);
      return;
    }
    const executor = this.spec.deploymentSpec.executors[component.executorLabel as string];
    if ('importer' in executor) {
      const u = executor.importer.artifactUri;
      const uri = String('constant' in u ? u.constant : inputs.params[u.runtimeParameter]);
      this.outputs.set(name, { params: {}, artifacts: { artifact: this.localOf.get(uri) ?? uri } });
      return;
    }
    this.runContainer(name, executor.container, component.outputDefinitions ?? {}, inputs);
  }

  private runContainer(name: string, c: ContainerSpec, defs: Definitions, inputs: Values): void {
    const outArtifacts = Object.fromEntries(
      Object.keys(defs.artifacts ?? {}).map((k) => [k, join(this.options.work, 'artifacts', name, k)]),
    );
    const outFiles = Object.fromEntries(
      Object.keys(defs.parameters ?? {}).map((k) => [k, join(this.options.work, 'params', name, k)]),
    );
    const resolve = (s: string) =>
      s
        .replace(/\{\{\$\.inputs\.artifacts\['([^']+)'\]\.(path|uri)\}\}/g, (_, n) => inputs.artifacts[n])
        .replace(/\{\{\$\.outputs\.artifacts\['([^']+)'\]\.(path|uri)\}\}/g, (_, n) => outArtifacts[n])
        .replace(/\{\{\$\.outputs\.parameters\['([^']+)'\]\.output_file\}\}/g, (_, n) => outFiles[n])
        .replace(/\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g, (_, n) => String(inputs.params[n]));
    const argv = [...(c.command ?? []), ...(c.args ?? [])].map(resolve).flatMap((a) => (a === 'godwit' ? GODWIT : [a]));
    if (this.options.stub?.includes(name)) {
      this.runs.set(name, { status: 0, stderr: '', argv });
      this.outputs.set(name, { params: {}, artifacts: outArtifacts });
      return;
    }
    const env = { ...process.env, ...Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value])) };
    const r = spawnSync(SANDBOX[0], [...SANDBOX.slice(1), ...argv], { encoding: 'utf8', env });
    this.runs.set(name, { status: r.status, stderr: r.stderr, argv });
    const params: Record<string, unknown> = {};
    for (const [k, file] of Object.entries(outFiles)) {
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      params[k] = defs.parameters?.[k].parameterType === 'NUMBER_DOUBLE' ? Number(text) : text;
    }
    this.outputs.set(name, { params, artifacts: outArtifacts });
  }
}
