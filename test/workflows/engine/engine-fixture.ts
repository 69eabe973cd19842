import { join } from 'node:path';
import type { Clock } from '../../../src/core/clock.js';
import { GodwitError } from '../../../src/core/errors.js';
import { godwitHome } from '../../../src/core/home.js';
import { type Metadata, openMetadata } from '../../../src/meta/index.js';
import type { Json } from '../../../src/workflows/asl/asl-types.js';
import type { MapItemIo } from '../../../src/workflows/engine/map-item-io.js';
import type { Delivery, TaskCall, TaskIntegration, TaskIntegrations } from '../../../src/workflows/engine/task-integration.js';
import { LocalWorkflowService } from '../../../src/workflows/local-workflow-service.js';
import type { ExecutionRecord, WorkflowService } from '../../../src/workflows/workflow-service.js';
import { scratchDir } from '../../helpers/scratch.js';

export const ROLE = 'arn:aws:iam::000000000000:role/sfn';
export const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/**
 * Lambda-style Task resources served by TypeScript functions of the test (the way Godwit maps a
 * Lambda ARN to a local function), at-least-once, plus any resource a test registers. `calls`
 * records every call the engine made.
 */
export class FunctionIntegrations implements TaskIntegrations {
  readonly calls: TaskCall[] = [];
  constructor(
    readonly functions: Record<string, (call: TaskCall) => Promise<Json> | Json> = {},
    readonly delivery: Delivery = 'at-least-once',
  ) {}

  resolve(resource: string): TaskIntegration | undefined {
    const name = /function:([^.:]+)/.exec(resource)?.[1];
    const body = name ? this.functions[name] : undefined;
    if (!body) return undefined;
    return {
      name: 'lambda',
      supports: () => true,
      delivery: () => this.delivery,
      invoke: async (call) => {
        this.calls.push(call);
        return body(call);
      },
    };
  }

  check(stateName: string, resource: string): void {
    // A distributed Map's ItemReader / ResultWriter go to the test's MapItemIo.
    if (/^arn:aws:states:::s3:/.test(resource)) return;
    if (!this.resolve(resource))
      throw new GodwitError('E_WORKFLOW_RESOURCE_UNMAPPED', `State "${stateName}" calls "${resource}", which nothing serves.`);
  }
}

export const NO_ITEM_IO: MapItemIo = {
  readItems: async () => {
    throw new Error('this test reads no items');
  },
  writeResults: async () => {
    throw new Error('this test writes no results');
  },
};

export interface Harness {
  readonly metadata: Metadata;
  readonly service: LocalWorkflowService;
  readonly integrations: FunctionIntegrations;
}

export async function harness(
  clock: Clock,
  integrations = new FunctionIntegrations(),
  options: { home?: string; itemIo?: MapItemIo; url?: string } = {},
): Promise<Harness> {
  const home = godwitHome(options.home ?? join(scratchDir('godwit-sfn-'), 'home'));
  const metadata = await openMetadata(home, clock, options.url ? { url: options.url } : {});
  const service = new LocalWorkflowService({
    catalog: metadata.workflows,
    clock,
    integrations,
    itemIo: options.itemIo ?? NO_ITEM_IO,
    log: process.env.SFN_LOG ? (l) => console.error(l) : () => {},
    tokenPollMs: 50,
  });
  return { metadata, service, integrations };
}

let n = 0;
/** Creates a machine and runs one execution to its end. */
export async function runMachine(service: WorkflowService, definition: object, input: Json = {}): Promise<ExecutionRecord> {
  const machine = await service.createStateMachine({
    name: `m${++n}-${Date.now()}`,
    definition: JSON.stringify(definition),
    roleArn: ROLE,
  });
  return service.startSyncExecution({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify(input) });
}

/** The history's event types, oldest first. */
export async function historyTypes(service: WorkflowService, arn: string): Promise<string[]> {
  return (await service.getExecutionHistory(arn, { maxResults: 1000 })).items.map((e) => e.type);
}

/** A clock that moves only when the test says so: sleeps end when `advance` passes their time. */
export class ManualClock implements Clock {
  private t = Date.parse('2026-12-06T12:00:00Z');
  private sleepers: { at: number; resolve: () => void }[] = [];
  now = () => new Date(this.t);
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const sleeper = { at: this.t + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal.reason);
      });
    });
  }
  /** How many sleeps are pending. */
  get waiting(): number {
    return this.sleepers.length;
  }
  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) s.resolve();
    await new Promise((r) => setImmediate(r));
  }
}
