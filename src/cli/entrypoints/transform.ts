/** `godwit transform`: batch transform of a folder of CSV files with a linear-learner model. */
import { transformCsv } from '../../ml/batch-transform.js';
import { EXIT, UsageError, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { transformOptions } from '../spec/entrypoint-specs.js';

export const transform: Handler<typeof transformOptions> = {
  async run({ values, io }) {
    const { model, input, output } = values;
    const missing = Object.entries({ model, input, output }).filter(([, v]) => v === undefined);
    if (!model || !input || !output) throw new UsageError(`Missing ${missing.map(([name]) => `--${name}`).join(', ')}.`);
    const result = await transformCsv({
      modelDir: model,
      inputDir: input,
      outputDir: output,
      contentType: values['content-type'],
      accept: values.accept,
      splitType: values['split-type'],
    });
    if (values.json) write(io.stdout, JSON.stringify(result));
    else write(io.stdout, `Transformed ${result.records} records in ${result.files.length} files → ${output}`);
    return EXIT.ok;
  },
};
