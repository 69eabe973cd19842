import { ValidationError } from '../../core/errors.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { EXIT, json, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { validateOptions } from '../spec/pipeline-specs.js';

export const validate: Handler<typeof validateOptions> = {
  async run({ values, positionals: [file], io }) {
    try {
      const loaded = await loadPipelineFile(file);
      if (values.json) json(io, { valid: true, pipeline: loaded.ir.name, steps: loaded.ir.steps.length, problems: [] });
      else
        write(
          io.stdout,
          `${file}: pipeline "${loaded.ir.name}" is valid (${loaded.ir.steps.length} steps, ${loaded.ir.parameters.length} parameters).`,
        );
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof ValidationError) || !values.json) throw err;
      json(io, { valid: false, problems: err.problems });
      return EXIT.badInput;
    }
  },
};
