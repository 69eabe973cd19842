import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import type { DataCaptureSpec, VariantState } from '../../endpoints/endpoint-records.js';
import type { CaptureSink, CaptureStats } from '../capture/capture-sink.js';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';
import type { HostSeams, VariantInvocations } from './host-seams.js';
import type { InstancePool } from './instance-pool.js';
import { statusOf } from './invocation-status.js';
import { shadowCopy } from './shadow-copy.js';
import { VariantRouter } from './variant-router.js';

export interface LiveVariant {
  readonly name: string;
  weight: number;
  readonly pool: InstancePool;
}

/** A shadow variant gets `percentage` % of production requests copied to it. */
export interface ShadowVariant {
  readonly name: string;
  readonly percentage: number;
  readonly pool: InstancePool;
}

export interface LiveCapture {
  readonly sink: CaptureSink;
  readonly spec: DataCaptureSpec;
}

export interface InvokeOptions {
  readonly targetVariant?: string;
  readonly inferenceId?: string;
}

export interface Invocation {
  readonly variantName: string;
  readonly response: InferenceResponse;
}

/** Where `LiveEndpoint.serve` sends its outcome: exactly one of the two is called, once. */
export interface InvocationReply {
  /** The variant that answered and its model's response (two arguments: no object per request). */
  answered(variantName: string, response: InferenceResponse): void;
  failed(err: unknown): void;
}

export interface LiveStats {
  readonly variants: { variantName: string; instances: number; inFlight: number }[];
  readonly capture?: CaptureStats;
}

/**
 * What the host keeps under an endpoint's name: one `LiveEndpoint`, or during a guarded update a
 * split between two of them (`src/serving/rollout/fleet-split.ts`).
 */
export type ServingEndpoint = Pick<
  LiveEndpoint,
  'name' | 'configName' | 'dir' | 'serve' | 'invoke' | 'apply' | 'states' | 'stats' | 'close'
>;

/**
 * One endpoint as it serves: its config's production variants behind a weighted router, its
 * shadow variants, its capture sink. Built by `start-endpoint.ts`; the host swaps a whole
 * `LiveEndpoint` for another on UpdateEndpoint, so a request is served by exactly one config.
 */
export class LiveEndpoint {
  private readonly router: VariantRouter<LiveVariant>;
  /** The folder its models and instances were staged in; removed once it is drained. */
  dir = '';
  /** The config's capture modes, read once rather than searched on every request. */
  private readonly captureInput: boolean;
  private readonly captureOutput: boolean;
  /** Each production variant's invocation metrics, asked for once. */
  private readonly metrics = new Map<LiveVariant, VariantInvocations>();

  constructor(
    readonly name: string,
    readonly configName: string,
    readonly production: readonly LiveVariant[],
    readonly shadows: readonly ShadowVariant[],
    private readonly capture: LiveCapture | undefined,
    private readonly seams: HostSeams,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {
    this.router = new VariantRouter(production, random);
    const metrics = seams.metrics;
    if (metrics) for (const v of production) this.metrics.set(v, metrics.variant(name, v.name));
    this.captureInput = capture?.spec.captureModes.includes('Input') ?? false;
    this.captureOutput = capture?.spec.captureModes.includes('Output') ?? false;
  }

  invoke(request: InferenceRequest, options: InvokeOptions = {}): Promise<Invocation> {
    return new Promise((resolve, failed) =>
      this.serve(request, options, { answered: (variantName, response) => resolve({ variantName, response }), failed }),
    );
  }

  /**
   * `invoke` answering through `reply` rather than a promise: synchronously, before `serve`
   * returns, when the picked variant's instance scores on this thread (`InstancePool.invokeNow`),
   * otherwise once the instance answers. The same steps either way: pick a variant, call an
   * instance, offer capture, copy to shadows, record metrics, then answer. An unknown
   * `TargetVariant` fails before any of them (no metrics: no variant served it).
   */
  serve(request: InferenceRequest, options: InvokeOptions, reply: InvocationReply): void {
    const began = performance.now();
    let variant: LiveVariant;
    try {
      variant = this.router.pick(options.targetVariant);
    } catch (err) {
      reply.failed(err);
      return;
    }
    const call = new Call(variant, request, options, reply, began);
    let response: InferenceResponse | undefined;
    try {
      response = variant.pool.invokeNow(request);
    } catch (err) {
      this.fail(call, err);
      return;
    }
    if (response !== undefined) this.finish(call, response);
    else
      variant.pool.invoke(request).then(
        (later) => this.finish(call, later),
        (err) => this.fail(call, err),
      );
  }

  /** What follows the model's answer: capture, shadows, metrics, then the caller's answer. */
  private finish(call: Call, response: InferenceResponse): void {
    const modelEnd = performance.now();
    const { variant, request, options } = call;
    try {
      if (this.capture) this.offerCapture(variant.name, request, response, options.inferenceId);
      if (this.shadows.length > 0)
        shadowCopy(this, variant.name, request, response, modelEnd - call.modelStart, options.inferenceId);
      this.record(call, 200, modelEnd);
    } catch (err) {
      this.fail(call, err);
      return;
    }
    call.reply.answered(variant.name, response);
  }

  private fail(call: Call, err: unknown): void {
    try {
      this.record(call, statusOf(err), performance.now());
    } finally {
      // The caller hears of its failure even if counting it failed.
      call.reply.failed(err);
    }
  }

  /** Applies desired weights and instance counts (UpdateEndpointWeightsAndCapacities). */
  async apply(states: readonly VariantState[]): Promise<void> {
    for (const state of states) {
      const variant = this.production.find((v) => v.name === state.variantName);
      if (!variant) continue;
      variant.weight = state.weight;
      if (variant.pool.size !== state.instanceCount) await variant.pool.resize(state.instanceCount);
    }
    this.router.reweigh();
  }

  states(): VariantState[] {
    return this.production.map((v) => ({ variantName: v.name, weight: v.weight, instanceCount: v.pool.stats().instances }));
  }

  stats(): LiveStats {
    const variants = this.production.map((v) => ({ variantName: v.name, ...v.pool.stats() }));
    return this.capture ? { variants, capture: this.capture.sink.stats() } : { variants };
  }

  /** Drains: requests already accepted finish, then instances and the capture sink close. */
  async close(): Promise<void> {
    await Promise.all([...this.production, ...this.shadows].map((v) => v.pool.close()));
    await this.capture?.sink.close();
  }

  /** The seams shadow copies report to, and the random source they sample with. */
  get context(): { seams: HostSeams; random: () => number } {
    return { seams: this.seams, random: this.random };
  }

  private offerCapture(variantName: string, request: InferenceRequest, response: InferenceResponse, inferenceId?: string): void {
    const { spec, sink } = this.capture as LiveCapture;
    if (spec.initialSamplingPercentage < 100 && this.random() * 100 >= spec.initialSamplingPercentage) return;
    sink.offer({
      endpointName: this.name,
      variantName,
      inferenceId,
      inferenceTime: this.clock.now(),
      input: this.captureInput ? { contentType: request.contentType, body: request.body } : undefined,
      output: this.captureOutput ? { contentType: response.contentType, body: response.body } : undefined,
    });
  }

  private record(call: Call, status: number, modelEnd: number) {
    const metrics = this.metrics.get(call.variant);
    if (!metrics) return;
    const model = modelEnd - call.modelStart;
    const overhead = performance.now() - call.began - model;
    metrics.record(status, Math.round(model * 1000), Math.max(0, Math.round(overhead * 1000)), call.instances);
  }
}

/** One invocation on its way through `serve`: what finishing it needs, and when its steps began. */
class Call {
  /** The variant's instance count when it was served (`InvocationsPerInstance`). */
  readonly instances: number;
  readonly modelStart: number;

  constructor(
    readonly variant: LiveVariant,
    readonly request: InferenceRequest,
    readonly options: InvokeOptions,
    readonly reply: InvocationReply,
    readonly began: number,
  ) {
    this.instances = variant.pool.size;
    this.modelStart = performance.now();
  }
}

/** Kept here too: the Vertex AI door reads it from this module. */
export { statusOf } from './invocation-status.js';
