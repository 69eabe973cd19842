import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRef, type TransformStep } from '../../pipeline/ir.js';
import { openBatchCapture } from '../../serving/capture/batch-capture.js';
import { runTransformJob } from '../../serving/transform/transform-job.js';
import { prepareTransformModel } from '../../serving/transform/transform-model.js';
import { parallelism, resolveTransformOptions, transformEnvironment } from '../../serving/transform/transform-options.js';
import type { StepContext, StepResult } from '../step-context.js';

/**
 * Batch transform with a model of any runtime: predictions for every record of every input file,
 * as `<file>.out` (`src/serving/transform/`). With `dataCapture`, manifests of the input and
 * output files (their artifact URIs) are written under its destination.
 */
export async function runTransform(ctx: StepContext): Promise<StepResult> {
  const step = ctx.step as TransformStep;
  const modelDir = join(ctx.workspace, 'model');
  const inputDir = join(ctx.workspace, 'input');
  const outputDir = join(ctx.workspace, 'output');
  await ctx.stageInput(step.model, modelDir, 'model');
  await ctx.stageInput(step.input, inputDir, 'input');
  const home = ctx.services.home;
  const options = { ...step, instanceCount: step.resources?.instanceCount };
  const resolved = resolveTransformOptions(options);
  const environment = transformEnvironment(resolved);
  const model = await prepareTransformModel({
    image: step.image,
    // The model container's own Environment, then what SageMaker adds for a transform job.
    environment: { ...step.environment, ...environment },
    inWorker: parallelism(resolved) > 1,
    model: modelDir,
    workDir: join(ctx.workspace, 'serving'),
    home,
    storeOptions: ctx.services.inputStores,
  });
  const capture = step.dataCapture
    ? await openBatchCapture({
        destination: step.dataCapture.destination,
        jobName: `${ctx.run.id}-${step.name}`,
        generateInferenceId: step.dataCapture.generateInferenceId,
        storeOptions: { home: home.root, ...ctx.services.inputStores },
        clock: ctx.services.clock,
      })
    : undefined;
  try {
    const result = await runTransformJob({
      input: inputDir,
      output: outputDir,
      options,
      startInstance: model.start,
      capture,
      signal: ctx.signal,
    });
    ctx.log(
      `${model.runtime} model, ${result.concurrency} concurrent requests: ${result.records} records in ${result.files.length} files, ${result.requests} requests`,
    );
    if (capture) {
      const inputs = await inputPrefix(ctx, step);
      const outputs = `${ctx.services.store.uri(`runs/${ctx.run.id}/${step.name}/predictions`)}/`;
      for (const file of result.files) capture.addInput(`${inputs}${file.name}`);
      for (const file of result.files) capture.addOutput(`${outputs}${file.name}.out`);
      const written = await capture.close();
      ctx.log(`data capture: ${[written.input, written.output].filter(Boolean).join(', ')}`);
    }
    return { outputs: { predictions: outputDir }, summary: `${result.records} predictions (${model.runtime})` };
  } finally {
    await model.dispose();
  }
}

/** The URI the input files' names are relative to: the input artifact, or the literal's folder. */
async function inputPrefix(ctx: StepContext, step: TransformStep): Promise<string> {
  if (isRef(step.input) && step.input.kind === 'StepOutput') return ctx.artifactFor(step.input, 'input').uri;
  const source = String(await ctx.resolve(step.input));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source.endsWith('/') ? source : `${source}/`;
  const path = isAbsolute(source) ? source : resolve(ctx.run.baseDir, source);
  const folder = (await stat(path)).isDirectory() ? path : dirname(path);
  return `${pathToFileURL(folder).href}/`;
}
