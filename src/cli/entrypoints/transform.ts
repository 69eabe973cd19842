/** `godwit transform`: a batch transform job (src/serving/transform/batch-transform.ts) from flags. */
import { batchTransform } from '../../serving/transform/batch-transform.js';
import type { TransformOptions } from '../../serving/transform/transform-options.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, homeOf, UsageError, write } from '../cli-io.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { transformOptions } from '../spec/entrypoint-specs.js';

export const transform: Handler<typeof transformOptions> = {
  async run({ values, io }) {
    const { model, input, output } = values;
    const missing = Object.entries({ model, input, output }).filter(([, v]) => v === undefined);
    if (!model || !input || !output) throw new UsageError(`Missing ${missing.map(([name]) => `--${name}`).join(', ')}.`);
    const result = await batchTransform({
      model,
      input,
      output,
      options: optionsOf(values),
      home: homeOf(io),
      storeOptions: await storeOptionsFor(io, [model, input, output, values['capture-destination'] ?? '']),
      signal: io.signal,
    });
    if (values.json) write(io.stdout, JSON.stringify(result));
    else {
      write(
        io.stdout,
        `Transformed ${result.records} records in ${result.files.length} files with the ${result.runtime} model → ${output}`,
      );
      if (result.capture)
        write(io.stdout, `Captured: ${[result.capture.input, result.capture.output].filter(Boolean).join(', ')}`);
    }
    return EXIT.ok;
  },
};

function optionsOf(v: Values<typeof transformOptions>): TransformOptions {
  if (v['generate-inference-id'] && !v['capture-destination'])
    throw new UsageError('--generate-inference-id needs --capture-destination.');
  const dataProcessing = {
    ...(v['input-filter'] ? { inputFilter: v['input-filter'] } : {}),
    ...(v['join-source'] ? { joinSource: v['join-source'] as 'Input' | 'None' } : {}),
    ...(v['output-filter'] ? { outputFilter: v['output-filter'] } : {}),
  };
  return {
    contentType: v['content-type'],
    accept: v.accept,
    splitType: v['split-type'] as TransformOptions['splitType'],
    batchStrategy: v['batch-strategy'] as TransformOptions['batchStrategy'],
    maxPayloadInMB: numberOf('max-payload', v['max-payload']),
    maxConcurrentTransforms: numberOf('max-concurrent-transforms', v['max-concurrent-transforms']),
    instanceCount: numberOf('instance-count', v['instance-count']),
    assembleWith: v['assemble-with'] as TransformOptions['assembleWith'],
    dataProcessing: Object.keys(dataProcessing).length > 0 ? dataProcessing : undefined,
    dataCapture: v['capture-destination']
      ? { destination: v['capture-destination'], generateInferenceId: v['generate-inference-id'] === true }
      : undefined,
  };
}

function numberOf(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number, got "${text}".`);
  return n;
}
