/**
 * Step resources → container CPU and memory limits. A literal instance type is looked up now
 * (profile `machineTypes`, then the machine family's shape) and written as the SDK writes
 * `set_cpu_limit('4')` / `set_memory_limit('15G')`. An instance type from a parameter is looked up
 * at run time by a small resolver task whose outputs feed `resourceCpuLimit` /
 * `resourceMemoryLimit` placeholders — so overriding the parameter still changes the machine.
 * A disk size has no field in ResourceSpec: the task keeps the default disk and a warning says so.
 */
import type { Resources, Value } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { CompileError } from '../compile-error.js';
import type { ContainerTask } from './kfp-container.js';
import { addTask, type KfpContext } from './kfp-context.js';
import type { DagNode, ParamSource } from './kfp-dag.js';
import { bindValue } from './kfp-expressions.js';
import { helperImage } from './kfp-images.js';
import { knownMachines, type MachineSpec, machineSpec, machineTypeFor } from './kfp-machine-types.js';
import { placeholder, type ResourceSpec } from './kfp-spec.js';

function limits(spec: MachineSpec): ResourceSpec {
  return {
    cpuLimit: spec.cpu,
    memoryLimit: spec.memoryGB,
    resourceCpuLimit: String(spec.cpu),
    resourceMemoryLimit: `${spec.memoryGB}G`,
  };
}

export function containerResources(
  ctx: KfpContext,
  c: ContainerTask,
  resources: Resources | undefined,
): ResourceSpec | undefined {
  if (!resources) return undefined;
  const step = c.step.name;
  if ((resources.instanceCount ?? 1) > 1) {
    throw new CompileError(
      'kfp',
      step,
      `${resources.instanceCount} instances`,
      'A KFP task is one container; set instanceCount to 1 for this target.',
    );
  }
  if (resources.volumeSizeGB !== undefined) {
    ctx.warnings.push({
      step,
      message: `the volume size of ${resources.volumeSizeGB} GB cannot be expressed (PipelineSpec container resources have no disk size), so the task gets the backend's default disk (Vertex AI: a 100 GB boot disk).`,
    });
  }
  const type = resources.instanceType;
  if (type === undefined) return undefined;
  if (!isRef(type)) {
    const machine = machineTypeFor(ctx.profile, String(type));
    const spec = machine ? machineSpec(machine) : undefined;
    if (!spec) {
      throw new CompileError(
        'kfp',
        step,
        `the instance type "${type}", which has no known machine type`,
        `Map it in machineTypes of the "${ctx.profile.name}" profile, e.g. "${type}": "n1-standard-4".`,
      );
    }
    return limits(spec);
  }
  const { cpu, memory } = resolver(ctx, c.task.dag, type, step);
  return { resourceCpuLimit: c.parameter(cpu), resourceMemoryLimit: c.parameter(memory) };
}

/** Looks `$0` up in the profile's table, writes CPU to `$1` and memory to `$2`. */
function resolverScript(ctx: KfpContext): string {
  const rows = knownMachines(ctx.profile).map(([name, s]) => `'${name}') cpu=${s.cpu} memory=${s.memoryGB}G ;;`);
  const known = knownMachines(ctx.profile)
    .map(([name]) => name)
    .join(', ');
  return [
    'case "$0" in',
    ...rows,
    `*) echo "Instance type $0 has no machine type in the Godwit profile ${ctx.profile.name} (known: ${known})." >&2; exit 1 ;;`,
    'esac',
    'mkdir -p "$(dirname "$1")" "$(dirname "$2")"',
    'printf %s "$cpu" > "$1"',
    'printf %s "$memory" > "$2"',
  ].join('\n');
}

/** One resolver per instance-type value and DAG; a plain parameter resolves once, in the root. */
function resolver(ctx: KfpContext, dag: DagNode, value: Value, consumer: string): { cpu: ParamSource; memory: ParamSource } {
  const onlyParameter = isRef(value) && value.kind === 'Parameter';
  const home = onlyParameter ? ctx.root : dag;
  const memoKey = `machine\0${home.parent?.name ?? ''}\0${JSON.stringify(value)}`;
  const memo = ctx.helpers.get(memoKey) as { cpu: ParamSource; memory: ParamSource } | undefined;
  if (memo) return memo;
  const name = ctx.names.allocate(`machine-spec-${onlyParameter ? value.name : consumer}`);
  const task = addTask(ctx, home, name, name, {
    executorLabel: `exec-${name}`,
    outputDefinitions: { parameters: { cpu: { parameterType: 'STRING' }, memory: { parameterType: 'STRING' } } },
  });
  task.spec.cachingOptions = {};
  bindValue(ctx, task, 'instance_type', value, 'STRING', consumer, 'resources.instanceType');
  ctx.executors[`exec-${name}`] = {
    container: {
      image: helperImage(ctx),
      command: ['sh', '-ec', resolverScript(ctx)],
      args: [
        placeholder.parameter('instance_type'),
        placeholder.outputParameterFile('cpu'),
        placeholder.outputParameterFile('memory'),
      ],
    },
  };
  const out = {
    cpu: { kind: 'task', dag: home, task: name, key: 'cpu', type: 'STRING' } as const,
    memory: { kind: 'task', dag: home, task: name, key: 'memory', type: 'STRING' } as const,
  };
  ctx.helpers.set(memoKey, out);
  return out;
}
