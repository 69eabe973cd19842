import { join } from 'node:path';
import { godwitHome } from '../../../src/core/home.js';
import type { VariantSpec } from '../../../src/endpoints/endpoint-records.js';
import { openMetadata } from '../../../src/meta/index.js';
import { type LinearModel, saveLinearModel } from '../../../src/ml/linear-model.js';
import { EndpointHost, type EndpointHostOptions } from '../../../src/serving/host/endpoint-host.js';
import { scratchDir } from '../../helpers/scratch.js';

/** A regressor `y = w·x + bias` over `weights.length` features, saved as Godwit's linear learner. */
export function linearModel(weights: number[], bias: number): LinearModel {
  return {
    format: 'godwit.linear-learner',
    version: 1,
    predictorType: 'regressor',
    featureDim: weights.length,
    weights,
    bias,
    hyperparameters: {},
    trainedOn: { rows: 1, channels: {} },
    solver: { name: 'cholesky', iterations: 1, notes: [] },
    metrics: {},
  };
}

export const variant = (variantName: string, modelName: string, weight = 1, count = 1): VariantSpec => ({
  variantName,
  modelName,
  initialInstanceCount: count,
  initialVariantWeight: weight,
  instanceType: 'ml.m5.large',
});

/**
 * A scratch home with its real metadata database (SQLite), linear models saved in folders, and
 * hosts over its endpoint catalog; `close()` stops every host and the database.
 */
export async function hostFixture() {
  const root = scratchDir('godwit-host-');
  const home = godwitHome(join(root, 'home'));
  const metadata = await openMetadata(home, { now: () => new Date(), sleep: async () => {} }, {});
  const catalog = metadata.endpoints;
  const hosts: EndpointHost[] = [];
  return {
    home,
    root,
    catalog,
    /** Saves a model folder and records a SageMaker model serving it. */
    async model(name: string, model: LinearModel, modelDataUrl?: string): Promise<string> {
      const dir = join(root, 'models', name);
      await saveLinearModel(dir, model);
      await catalog.createModel({
        name,
        containers: [{ image: 'godwit/linear-learner', modelDataUrl: modelDataUrl ?? dir }],
        inferenceMode: 'Serial',
        tags: [],
      });
      return dir;
    },
    async config(name: string, productionVariants: VariantSpec[], shadowVariants: VariantSpec[] = []) {
      return catalog.createEndpointConfig({ name, productionVariants, shadowVariants, tags: [] });
    },
    async host(options: Partial<EndpointHostOptions> = {}): Promise<EndpointHost> {
      const host = new EndpointHost({ catalog, home, tickMs: 60_000, ...options });
      hosts.push(host);
      await host.start();
      return host;
    },
    async close() {
      await Promise.allSettled(hosts.map((h) => h.close()));
      await metadata.close();
    },
  };
}

export const csv = (text: string) => ({ body: Buffer.from(text), contentType: 'text/csv' });
