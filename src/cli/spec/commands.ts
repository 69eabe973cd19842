/**
 * Every Godwit command, in the order `godwit --help` lists them. This table is the one source of
 * the CLI's names, summaries, usage, help, flags and completion; it holds metadata only (each
 * handler is imported by its `load` when the command runs), so reading it costs no start-up time.
 *
 * Naming rule (docs/cli.md): a noun group is plural (`runs`, `models`, later `endpoints`, `jobs`,
 * `workflows`, …) and its singular is an alias (`godwit model list`), unless the singular is itself
 * a command: `run` runs a pipeline, so `godwit run list` is not `godwit runs list`.
 *
 * A command still written against the older `Command` interface plugs in as
 * `{ kind: 'module', name: 'server', summary: '…', load: async () => (await import('../commands/server.js')).serverCommand }`.
 */
import { alarmsGroup } from './alarms-specs.js';
import { auditSpec } from './audit-specs.js';
import { catalogGroup, filtersGroup, grantSpec, grantsSpec, revokeSpec, tagsGroup } from './catalog-specs.js';
import { migrateSpec, submitSpec } from './cloud-specs.js';
import { type CommandSpec, defineGroup, defineVerb, type GroupSpec } from './command-spec.js';
import { dbGroup } from './db-specs.js';
import { endpointsAutoscaling } from './endpoint-autoscaling-spec.js';
import { endpointCreate, endpointDelete, endpointDescribe, endpointList, endpointUpdate } from './endpoint-catalog-specs.js';
import { endpointInvoke } from './endpoint-invoke-spec.js';
import { endpointMetrics } from './endpoint-metrics-spec.js';
import { endpointsShadow, endpointsShadowReport } from './endpoint-shadow-specs.js';
import { algorithmSpec, serveSpec, transformSpec } from './entrypoint-specs.js';
import { eventsGroup } from './events-specs.js';
import { gcSpec } from './gc-specs.js';
import { importSpec } from './import-specs.js';
import { lineageSpec } from './lineage-specs.js';
import { logsGroup } from './logs-specs.js';
import { modelsGroup } from './models-specs.js';
import { monitorBaseline } from './monitor-baseline-spec.js';
import { monitorBias } from './monitor-bias-spec.js';
import { monitorExplain } from './monitor-explain-spec.js';
import { monitorGroundTruth, monitorModelQuality } from './monitor-model-quality-specs.js';
import { monitorReport } from './monitor-report.js';
import { monitorGroup as monitorSchedules } from './monitor-schedule-specs.js';
import { compileSpec, demoSpec, runSpec, validateSpec } from './pipeline-specs.js';
import { pipelinesGroup } from './pipelines-specs.js';
import { principalsGroup } from './principals-specs.js';
import { recommendSpec } from './recommend-spec.js';
import { runsGroup } from './runs-specs.js';
import { sqlSpec } from './sql-specs.js';
import { storageGroup } from './storage-specs.js';
import { workflowsGroup } from './workflow-specs.js';

export const completionOptions = {} as const;

export const completionSpec = defineVerb({
  name: 'completion',
  summary: 'Print a shell completion script for bash or zsh',
  args: [{ name: 'SHELL', choices: ['bash', 'zsh'] }],
  options: completionOptions,
  description: `Completes commands, nouns, verbs, flags and flag values from the same table as this help.
Load it in the current shell, or add the line to ~/.bashrc (or ~/.zshrc).`,
  examples: ['source <(godwit completion bash)', 'source <(godwit completion zsh)'],
  load: async () => (await import('../completion/completion-command.js')).completion,
});

export const endpointsGroup = defineGroup({
  name: 'endpoints',
  summary: 'Real-time endpoints: create, update and delete them, invoke them, their metrics, shadow tests and autoscaling',
  verbs: [
    endpointCreate,
    endpointUpdate,
    endpointDelete,
    endpointList,
    endpointDescribe,
    endpointInvoke,
    endpointMetrics,
    endpointsShadow,
    endpointsShadowReport,
    endpointsAutoscaling,
  ],
});

/** `godwit monitor …`: SageMaker Model Monitor and Clarify, locally; each part adds its verbs here. */
export const monitorGroup = defineGroup({
  name: 'monitor',
  summary: "Model monitoring in SageMaker Model Monitor's files: baselines, checks, schedules and reports",
  verbs: [
    monitorBaseline,
    monitorModelQuality,
    monitorGroundTruth,
    monitorBias,
    monitorExplain,
    ...monitorSchedules.verbs,
    monitorReport,
  ],
});

export const COMMANDS: readonly CommandSpec[] = [
  demoSpec,
  runSpec,
  validateSpec,
  compileSpec,
  submitSpec,
  migrateSpec,
  importSpec,
  sqlSpec,
  runsGroup,
  pipelinesGroup,
  modelsGroup,
  lineageSpec,
  storageGroup,
  gcSpec,
  auditSpec,
  endpointsGroup,
  recommendSpec,
  alarmsGroup,
  logsGroup,
  monitorGroup,
  workflowsGroup,
  eventsGroup,
  dbGroup,
  catalogGroup,
  grantSpec,
  revokeSpec,
  grantsSpec,
  filtersGroup,
  tagsGroup,
  principalsGroup,
  {
    kind: 'module',
    name: 'server',
    summary:
      "Run the local cloud: Godwit's REST API, AWS front doors (SageMaker, SageMaker Runtime, S3, CloudWatch, CloudWatch Logs), Vertex AI :predict and the endpoints, on one loopback port",
    load: async () => (await import('../commands/server.js')).serverCommand,
  },
  algorithmSpec,
  transformSpec,
  serveSpec,
  completionSpec,
];

/** The singular spellings that reach a noun group: `model` for `models`, never `run` for `runs`. */
export function aliasesOf(group: GroupSpec): string[] {
  const singular = group.name.endsWith('s') ? group.name.slice(0, -1) : undefined;
  return singular && !COMMANDS.some((c) => c.name === singular) ? [singular] : [];
}

/** The command a user typed, by name or alias. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name || (c.kind === 'group' && aliasesOf(c).includes(name)));
}
