import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../core/clock.js';
import { GodwitError } from '../core/errors.js';
import { godwitHome } from '../core/home.js';
import type { ModelRecord } from '../endpoints/endpoint-records.js';
import { type Metadata, openMetadata } from '../meta/index.js';
import { EndpointHost } from '../serving/host/endpoint-host.js';
import type { InferenceRequest, InferenceResponse } from '../serving/model-runtime.js';
import type { StoreOptions } from '../store/index.js';

export type BenchContainers = ModelRecord['containers'];

/**
 * Real endpoints for load tests, in this process and out of the user's way: a scratch home with
 * its own SQLite endpoint catalog and an `EndpointHost` over it, so each instance count is served
 * exactly as `godwit server` serves a variant (model data staged, instances started by their
 * runtimes, the weighted router and instance pool in front) without a server, and nothing is
 * recorded in the user's catalog. `close()` drains the host and removes the scratch home.
 */
export class BenchEndpoints {
  private constructor(
    private readonly root: string,
    private readonly metadata: Metadata,
    private readonly host: EndpointHost,
  ) {}

  /** Opens the scratch home and records one SageMaker model of `containers` in it. */
  static async open(
    containers: BenchContainers,
    storeOptions?: StoreOptions,
    log?: (line: string) => void,
  ): Promise<BenchEndpoints> {
    const root = await mkdtemp(join(tmpdir(), 'godwit-recommend-'));
    const home = godwitHome(join(root, 'home'));
    const metadata = await openMetadata(home, systemClock, {});
    // A tick far away: this host changes only through `reconcile()` calls below.
    const host = new EndpointHost({ catalog: metadata.endpoints, home, seams: { storeOptions }, tickMs: 3_600_000, log });
    const bench = new BenchEndpoints(root, metadata, host);
    try {
      await metadata.endpoints.createModel({ name: 'recommend-model', containers, inferenceMode: 'Serial', tags: [] });
      await host.start();
    } catch (err) {
      await bench.close();
      throw err;
    }
    return bench;
  }

  /**
   * Starts an endpoint serving the model on `instances` instances and resolves once it is in
   * service; a model that cannot start is `E_RECOMMEND_MODEL` with the host's reason.
   */
  async start(instances: number): Promise<BenchEndpoint> {
    const name = `recommend-${instances}`;
    const catalog = this.metadata.endpoints;
    const variant = {
      variantName: 'AllTraffic',
      modelName: 'recommend-model',
      initialInstanceCount: instances,
      initialVariantWeight: 1,
    };
    await catalog.createEndpointConfig({ name, productionVariants: [variant], shadowVariants: [], tags: [] });
    await catalog.createEndpoint(name, name);
    await this.host.reconcile();
    const record = await catalog.getEndpoint(name);
    const live = this.host.live.get(name);
    if (record?.status !== 'InService' || !live) {
      throw new GodwitError(
        'E_RECOMMEND_MODEL',
        `The model could not be served: ${(record?.failureReason ?? 'the endpoint did not start').replace(/\.$/, '')}.`,
        {
          hint: 'Check that the model serves at all with: godwit endpoint create NAME --model MODEL --serve',
        },
      );
    }
    return {
      modelDir: join(live.dir, 'AllTraffic', 'model-0'),
      instances: () => this.host.stats(name)?.variants[0]?.instances ?? 0,
      invoke: (request) => this.host.invoke(name, request).then((i) => i.response),
      stop: async () => {
        await catalog.deleteEndpoint(name);
        await this.host.reconcile();
      },
    };
  }

  async close(): Promise<void> {
    await this.host.close().catch(() => {});
    await this.metadata.close().catch(() => {});
    await rm(this.root, { recursive: true, force: true });
  }
}

/** One running endpoint of the bench. */
export interface BenchEndpoint {
  /** The staged model folder of its first container (what `describeModel` reads). */
  readonly modelDir: string;
  /** Instances serving now. */
  instances(): number;
  invoke(request: InferenceRequest): Promise<InferenceResponse>;
  /** Deletes it: drained and stopped before this resolves. */
  stop(): Promise<void>;
}
