import { ValidationError } from '../../core/errors.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { type Command, EXIT, json, parseCommandArgs, UsageError, write } from '../cli-io.js';

const USAGE = 'godwit validate FILE [--json]';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a pipeline file and report every problem at once',
  usage: USAGE,
  help: `Loads the pipeline and checks it as every run does first: structure, names, references,
types, cycles, condition branches, retry and cache policies. Every problem is listed with its
step and field. Exit code 0 when valid, 2 otherwise.

Example:
  godwit validate examples/abalone/pipeline.ts`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
    if (positionals.length !== 1) throw new UsageError('Name one pipeline file.', USAGE);
    try {
      const loaded = await loadPipelineFile(positionals[0]);
      if (values.json) json(io, { valid: true, pipeline: loaded.ir.name, steps: loaded.ir.steps.length, problems: [] });
      else
        write(
          io.stdout,
          `${positionals[0]}: pipeline "${loaded.ir.name}" is valid (${loaded.ir.steps.length} steps, ${loaded.ir.parameters.length} parameters).`,
        );
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof ValidationError) || !values.json) throw err;
      json(io, { valid: false, problems: err.problems });
      return EXIT.badInput;
    }
  },
};
