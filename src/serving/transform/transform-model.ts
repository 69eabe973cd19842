/**
 * The model a batch transform scores with, made ready as a SageMaker transform instance finds it
 * in `/opt/ml/model`, and a starter of instances through `startInstance` (the runtime is chosen
 * from the model files and the container's image, `choose-runtime.ts`):
 *
 * ```ts
 * const model = await prepareTransformModel({ model: 'runs/42/train/model/', workDir, home });
 * // a folder holding model.tar.gz (a SageMaker training output) is unpacked; a URI is staged
 * await model.start();   // → a ModelInstance of the xgboost, onnx or linear-learner runtime
 * ```
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GodwitHome } from '../../core/home.js';
import type { StoreOptions } from '../../store/index.js';
import { stageModelData } from '../model-data.js';
import type { ContainerSpec, ModelInstance } from '../model-runtime.js';
import { chooseRuntime, startInstance } from '../runtimes/choose-runtime.js';

export interface TransformModelOptions {
  /** A model folder, a `model.tar.gz`, or a store URI of either. */
  readonly model: string;
  /** The container's image (from a model package), which must agree with the files when known. */
  readonly image?: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** Scratch room: the unpacked model and each instance's work folder go under it. */
  readonly workDir: string;
  readonly home: GodwitHome;
  readonly storeOptions?: StoreOptions;
  /**
   * Score in-process runtimes in worker threads: worth it only when requests run in parallel
   * (instances × concurrent transforms > 1); one at a time, the thread hop and the worker's start
   * (tens of ms, which `godwit demo` would feel) buy nothing.
   */
  readonly inWorker?: boolean;
}

export interface TransformModel {
  readonly modelDir: string;
  readonly runtime: string;
  start(): Promise<ModelInstance>;
  /** Removes the instances' work folders. */
  dispose(): Promise<void>;
}

const ARCHIVE = /\.(tar\.gz|tgz|tar)$/i;

export async function prepareTransformModel(o: TransformModelOptions): Promise<TransformModel> {
  const modelDir = await localModelDir(o);
  const container: ContainerSpec = { image: o.image, environment: o.environment };
  const runtime = await chooseRuntime(container, modelDir);
  const scratch = join(o.workDir, 'instances');
  await mkdir(scratch, { recursive: true });
  return {
    modelDir,
    runtime,
    start: async () =>
      startInstance({
        container,
        modelDir,
        home: o.home,
        workDir: await mkdtemp(join(scratch, 'i-')),
        inWorker: o.inWorker ?? false,
      }),
    dispose: () => rm(scratch, { recursive: true, force: true }),
  };
}

/** A local folder that holds exactly a model archive is unpacked, as SageMaker unpacks ModelDataUrl. */
async function localModelDir(o: TransformModelOptions): Promise<string> {
  const target = join(o.workDir, 'model');
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(o.model);
  if (isUri || ARCHIVE.test(o.model)) {
    await stageModelData(o.model, target, { home: o.home, storeOptions: o.storeOptions });
    return target;
  }
  const names = (await readdir(o.model).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
  if (names.length === 1 && ARCHIVE.test(names[0])) {
    await stageModelData(join(o.model, names[0]), target, { home: o.home, storeOptions: o.storeOptions });
    return target;
  }
  return o.model;
}
