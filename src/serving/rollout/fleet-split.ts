import type { VariantState } from '../../endpoints/endpoint-records.js';
import type {
  Invocation,
  InvocationReply,
  InvokeOptions,
  LiveEndpoint,
  LiveStats,
  ServingEndpoint,
} from '../host/live-endpoint.js';
import type { InferenceRequest } from '../model-runtime.js';

/**
 * An endpoint in the middle of a guarded update: the old fleet (blue) and the new one (green)
 * both running, each a whole `LiveEndpoint` with its own variants, pools, capture and metrics.
 * Each request is sent wholly to one fleet, green with probability `greenShare`, then routed by
 * that fleet's own weights. The host holds a split only while an update runs; otherwise it holds
 * the `LiveEndpoint` itself, so the ordinary request path pays nothing for rollouts.
 */
export class FleetSplit implements ServingEndpoint {
  /** 0–1, changed by the rollout at each step; 0 sends everything back to blue at once. */
  greenShare = 0;
  /** Set by the rollout: stops it and waits for it (the host is closing or the endpoint is deleted). */
  onClose: () => Promise<void> = async () => {};

  constructor(
    readonly blue: LiveEndpoint,
    readonly green: LiveEndpoint,
    private readonly random: () => number = Math.random,
  ) {}

  get name(): string {
    return this.blue.name;
  }

  get configName(): string {
    return this.blue.configName;
  }

  get dir(): string {
    return this.blue.dir;
  }

  /** The fleet a request goes to; a `TargetVariant` only the other fleet has goes there. */
  pick(targetVariant: string | undefined): LiveEndpoint {
    const share = this.greenShare;
    const fleet = share >= 1 || (share > 0 && this.random() < share) ? this.green : this.blue;
    if (targetVariant === undefined || has(fleet, targetVariant)) return fleet;
    const other = fleet === this.green ? this.blue : this.green;
    return has(other, targetVariant) ? other : fleet;
  }

  serve(request: InferenceRequest, options: InvokeOptions, reply: InvocationReply): void {
    this.pick(options.targetVariant).serve(request, options, reply);
  }

  invoke(request: InferenceRequest, options: InvokeOptions = {}): Promise<Invocation> {
    return this.pick(options.targetVariant).invoke(request, options);
  }

  /** Weights and counts are not changed during an update (UpdateEndpointWeightsAndCapacities is refused). */
  async apply(_states: readonly VariantState[]): Promise<void> {}

  /** The endpoint's recorded variants stay blue's until the update ends. */
  states(): VariantState[] {
    return this.blue.states();
  }

  stats(): LiveStats {
    return { variants: [...this.blue.stats().variants, ...this.green.stats().variants] };
  }

  async close(): Promise<void> {
    await this.onClose();
    await Promise.all([this.blue.close(), this.green.close()]);
  }
}

function has(fleet: LiveEndpoint, variantName: string): boolean {
  for (const v of fleet.production) if (v.name === variantName) return true;
  return false;
}
