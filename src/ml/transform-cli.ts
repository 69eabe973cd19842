/** `godwit transform`: batch transform of a folder of CSV files with a linear-learner model. */
import { transformCsv } from './batch-transform.js';
import { type CommandIo, parseFlags, reportError, resolveIo, usageError } from './cli-args.js';

const USAGE =
  'godwit transform --model DIR --input PATH --output DIR [--content-type text/csv] [--accept TYPE] [--split-type Line|None] [--json]';

const HELP = `Score every record of every input file with a model, writing <file>.out per input file (SageMaker batch transform naming).

Usage: ${USAGE}

  --model DIR          a model folder holding Godwit's model.json
  --input PATH         a folder of headerless CSV files (features only, no label), or one file
  --output DIR         where <file>.out files are written
  --content-type TYPE  request type; text/csv (default)
  --accept TYPE        text/csv (default), application/jsonlines or application/json
  --split-type TYPE    Line (default) or None; for CSV both give one prediction per line
  --json               print {"records": N, "files": [...]} on stdout

Example:
  godwit transform --model out/model --input prep/batch --output out/predictions`;

const FLAGS = {
  model: { kind: 'string' },
  input: { kind: 'string' },
  output: { kind: 'string' },
  'content-type': { kind: 'string' },
  accept: { kind: 'string' },
  'split-type': { kind: 'string' },
  json: { kind: 'boolean' },
  help: { kind: 'boolean' },
  h: { kind: 'boolean' },
} as const;

/** `argv` is what follows `godwit transform`. Returns the exit code. */
export async function runTransformCommand(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  const sys = resolveIo(io);
  try {
    const flags = parseFlags(argv, FLAGS, USAGE);
    if (flags.booleans.has('help') || flags.booleans.has('h')) {
      sys.out(HELP);
      return 0;
    }
    const get = (name: string) => flags.strings[name]?.[0];
    const missing = ['model', 'input', 'output'].filter((name) => get(name) === undefined);
    if (missing.length > 0) throw usageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}.`, USAGE);
    const result = await transformCsv({
      modelDir: get('model')!,
      inputDir: get('input')!,
      outputDir: get('output')!,
      contentType: get('content-type'),
      accept: get('accept'),
      splitType: get('split-type'),
    });
    if (flags.booleans.has('json')) sys.out(JSON.stringify(result));
    else sys.out(`Transformed ${result.records} records in ${result.files.length} files → ${get('output')}`);
    return 0;
  } catch (err) {
    return reportError(err, sys);
  }
}
