import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Json, QueryLanguage } from './asl/asl-types.js';
import type { DataFlow } from './asl/data-flow.js';
import { PAYLOAD_LIMIT_BYTES } from './asl/states-error.js';
import { acceptDefinition, checkResources, parseDefinition } from './engine/definition-check.js';
import type { MapItemIo } from './engine/map-item-io.js';
import type { Progress } from './engine/progress.js';
import { queryLanguages } from './engine/query-languages.js';
import type { TaskIntegrations } from './engine/task-integration.js';
import { TokenWaits } from './engine/token-waits.js';
import { WorkflowEngine } from './engine/workflow-engine.js';
import { executionArnOf } from './workflow-arns.js';
import type { JournalBatch, StoredExecution, WorkflowCatalog } from './workflow-catalog.js';
import { badInput, executionNotFound, machineNotFound } from './workflow-errors.js';
import type {
  CreateStateMachine,
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  Page,
  PageRequest,
  StartExecution,
  StateMachineRecord,
  WorkflowService,
} from './workflow-service.js';

export interface LocalWorkflowServiceOptions {
  /** The metadata's workflows capability (`metadata.workflows`). */
  readonly catalog: WorkflowCatalog;
  readonly clock: Clock;
  readonly integrations: TaskIntegrations;
  readonly itemIo: MapItemIo;
  /** The query languages' data flows; both of Godwit's by default. */
  readonly flows?: (language: QueryLanguage) => DataFlow;
  readonly log?: (line: string) => void;
  /** Clock milliseconds between looks at a waiting task token settled by another process (1 s). */
  readonly tokenPollMs?: number;
}

/**
 * Step Functions on Godwit's metadata database, with executions run by this process's engine.
 * Construct it, then `start()` (resumes every RUNNING execution, as after a crash); `close()`
 * stops the runs here without recording anything, leaving them to the next `start`.
 */
export class LocalWorkflowService implements WorkflowService {
  private readonly catalog: WorkflowCatalog;
  private readonly clock: Clock;
  private readonly integrations: TaskIntegrations;
  private readonly tokens: TokenWaits;
  private readonly engine: WorkflowEngine;
  /** Parsed definitions (parseDefinition keeps one object per text) whose resources these integrations know. */
  private readonly checked = new WeakSet<object>();

  constructor(options: LocalWorkflowServiceOptions) {
    this.catalog = options.catalog;
    this.clock = options.clock;
    this.integrations = options.integrations;
    this.tokens = new TokenWaits(options.catalog, options.clock, options.tokenPollMs);
    this.engine = new WorkflowEngine({
      catalog: options.catalog,
      clock: options.clock,
      integrations: options.integrations,
      itemIo: options.itemIo,
      flows: options.flows ?? queryLanguages(),
      tokens: this.tokens,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    });
  }

  /** Resumes the executions a stopped or crashed engine left RUNNING. */
  async start(): Promise<void> {
    await this.recover();
  }

  async recover(): Promise<void> {
    for (const arn of await this.catalog.runningExecutions()) await this.engine.resume(arn);
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  async createStateMachine(request: CreateStateMachine): Promise<StateMachineRecord> {
    checkResources(acceptDefinition(request.definition), this.integrations);
    const { name, definition, roleArn } = request;
    return this.catalog.createStateMachine({
      name,
      definition,
      roleArn,
      type: request.type ?? 'STANDARD',
      tags: request.tags ?? {},
    });
  }

  async updateStateMachine(arn: string, change: { definition?: string; roleArn?: string }): Promise<StateMachineRecord> {
    if (change.definition !== undefined) checkResources(acceptDefinition(change.definition), this.integrations);
    return this.catalog.updateStateMachine(arn, change);
  }

  async deleteStateMachine(arn: string): Promise<void> {
    await this.catalog.deleteStateMachine(arn);
  }

  async describeStateMachine(arn: string): Promise<StateMachineRecord> {
    const machine = await this.catalog.getStateMachine(arn);
    if (!machine) throw machineNotFound(arn);
    return machine;
  }

  listStateMachines(page?: PageRequest): Promise<Page<StateMachineRecord>> {
    return this.catalog.listStateMachines(page);
  }

  async startExecution(request: StartExecution): Promise<ExecutionRecord> {
    const machine = await this.describeStateMachine(request.stateMachineArn);
    const definition = parseDefinition(machine.definition);
    if (!this.checked.has(definition)) {
      checkResources(definition, this.integrations);
      this.checked.add(definition);
    }
    const inputText = request.input ?? '{}';
    const input = parseInput(inputText);
    const name = request.name ?? randomUUID();
    const executionArn = executionArnOf(machine.name, name, machine.type === 'EXPRESS');
    const now = this.clock.now();
    const deadline = definition.TimeoutSeconds ? new Date(now.getTime() + definition.TimeoutSeconds * 1000) : undefined;
    const first = definition.States[definition.StartAt];
    const progress: Progress = { state: definition.StartAt, input, step: 0, entered: now.toISOString(), entry: 2, last: 2 };
    const batch: JournalBatch = {
      events: [
        {
          id: 1,
          previousEventId: 0,
          timestamp: now,
          type: 'ExecutionStarted',
          details: startedDetails(inputText, machine.roleArn),
        },
        {
          id: 2,
          previousEventId: 1,
          timestamp: now,
          type: `${first.Type}StateEntered`,
          details: entered(definition.StartAt, inputText),
        },
      ],
      frames: new Map([['', progress as unknown as Json]]),
    };
    const { record, created } = await this.catalog.insertExecution(
      {
        executionArn,
        stateMachineArn: machine.stateMachineArn,
        name,
        input: inputText,
        definition: machine.definition,
        roleArn: machine.roleArn,
        parentExecutionArn: request.parentExecutionArn,
        startDate: now,
        deadline,
      },
      batch,
    );
    if (created) this.engine.launch(record, batch.frames as ReadonlyMap<string, Json>, definition);
    return publicRecord(record);
  }

  async startSyncExecution(request: StartExecution, signal?: AbortSignal): Promise<ExecutionRecord> {
    const started = await this.startExecution(request);
    await this.ended(started.executionArn, signal);
    return this.describeExecution(started.executionArn);
  }

  async stopExecution(arn: string, reason: { error?: string; cause?: string } = {}): Promise<ExecutionRecord> {
    if (this.engine.stop(arn, reason)) await this.engine.ended(arn);
    else await this.catalog.abortExecution(arn, reason, this.clock.now());
    return this.describeExecution(arn);
  }

  async describeExecution(arn: string): Promise<ExecutionRecord> {
    const execution = await this.catalog.getExecution(arn);
    if (!execution) throw executionNotFound(arn);
    return publicRecord(execution);
  }

  listExecutions(
    filter: { stateMachineArn?: string; status?: ExecutionStatus },
    page?: PageRequest,
  ): Promise<Page<ExecutionRecord>> {
    return this.catalog.listExecutions(filter, page);
  }

  async getExecutionHistory(
    arn: string,
    options: PageRequest & { reverseOrder?: boolean; includeExecutionData?: boolean } = {},
  ): Promise<Page<HistoryEvent>> {
    const page = await this.catalog.history(arn, options);
    if (options.includeExecutionData !== false) return page;
    return { ...page, items: page.items.map(withoutData) };
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    parseInput(output, 'The task output');
    await this.catalog.settleTaskToken(taskToken, { status: 'SUCCEEDED', output }, this.clock.now());
    this.tokens.notify(taskToken);
  }

  async sendTaskFailure(taskToken: string, failure: { error?: string; cause?: string }): Promise<void> {
    await this.catalog.settleTaskToken(taskToken, { status: 'FAILED', ...failure }, this.clock.now());
    this.tokens.notify(taskToken);
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    await this.catalog.heartbeatTaskToken(taskToken, this.clock.now());
    this.tokens.notify(taskToken);
  }

  /** Waits for an execution's end: at once when it runs here, else by looking at its row on the clock. */
  private async ended(arn: string, signal?: AbortSignal): Promise<void> {
    const here = this.engine.ended(arn);
    if (here) return here;
    while ((await this.catalog.getExecution(arn))?.status === 'RUNNING') await this.clock.sleep(200, signal);
  }
}

function parseInput(text: string, what = 'The execution input'): Json {
  if (Buffer.byteLength(text) > PAYLOAD_LIMIT_BYTES) throw badInput(what, `has ${Buffer.byteLength(text)} bytes, over 256 KiB`);
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw badInput(what, `is not JSON (${(err as Error).message})`);
  }
}

const startedDetails = (input: string, roleArn: string) => ({ input, roleArn });
const entered = (name: string, input: string) => ({ name, input });

function publicRecord(e: StoredExecution): ExecutionRecord {
  const { definition: _d, roleArn: _r, parentExecutionArn: _p, deadline: _x, nextEventId: _n, ...record } = e;
  return record;
}

/** GetExecutionHistory with `includeExecutionData: false`: no input, output or parameters. */
function withoutData(e: HistoryEvent): HistoryEvent {
  if (!e.details) return e;
  const { input: _i, output: _o, parameters: _p, ...details } = e.details;
  return { ...e, details };
}
