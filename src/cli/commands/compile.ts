import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { type CompileResult, compile, TARGETS, type TargetName } from '../../compile/index.js';
import { toKfpYaml } from '../../compile/kfp/kfp-compiler.js';
import { DEFAULT_PROFILE, resolveProfile } from '../../compile/profile-file.js';
import { formatUpload } from '../../compile/uploads.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { type Command, EXIT, parseCommandArgs, UsageError, write, writeWarnings } from '../cli-io.js';

const USAGE = `godwit compile FILE --target ir|${TARGETS.join('|')} [--profile NAME] [-o OUT]`;

export const compileCommand: Command = {
  name: 'compile',
  summary: 'Print or write the pipeline IR, or compile it for SageMaker Pipelines, Kubeflow/Vertex or Step Functions',
  usage: USAGE,
  help: `Targets:
  ir              The validated pipeline IR as JSON (--format yaml for YAML).
  sagemaker       SageMaker Pipelines definition JSON (what CreatePipeline takes).
  kfp             Kubeflow Pipelines v2 / Vertex AI PipelineSpec YAML.
  stepfunctions   Amazon States Language JSON using SageMaker service integrations.

A profile says where the pipeline will live in the cloud: artifact root, role, images, region.
Built-in profiles: aws (default for sagemaker, stepfunctions) and gcp (default for kfp); define
your own in godwit.profiles.yaml. Local files the compiled pipeline needs (code, input data) are
listed with the URI each must be uploaded to.

Examples:
  godwit compile examples/abalone/pipeline.ts --target ir
  godwit compile examples/abalone/pipeline.ts --target sagemaker -o abalone.sagemaker.json
  godwit compile examples/abalone/pipeline.ts --target kfp --profile my-gcp`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
    if (positionals.length !== 1) throw new UsageError('Name one pipeline file.', USAGE);
    const target = values.target;
    if (!target) throw new UsageError('Choose a --target.', USAGE);
    if (target !== 'ir' && !TARGETS.includes(target as TargetName)) throw new UsageError(`Unknown target "${target}".`, USAGE);
    const loaded = await loadPipelineFile(positionals[0]);
    let text: string;
    let uploads: CompileResult['uploads'] = [];
    let warnings: CompileResult['warnings'] = [];
    if (target === 'ir') {
      text = values.format === 'yaml' ? stringify(loaded.ir) : `${JSON.stringify(loaded.ir, null, 2)}\n`;
    } else {
      const profile = await resolveProfile(values.profile ?? DEFAULT_PROFILE[target as TargetName], io.cwd);
      const result = compile(loaded.ir, target as TargetName, profile);
      text = result.format === 'yaml' ? toKfpYaml(result.document) : `${JSON.stringify(result.document, null, 2)}\n`;
      ({ uploads, warnings } = result);
    }
    if (values.output) {
      await writeFile(values.output, text);
      write(io.stderr, `Wrote ${values.output}.`);
    } else io.stdout.write(text);
    writeWarnings(io, warnings);
    if (uploads.length > 0) {
      const lines = uploads.map(formatUpload);
      write(
        io.stderr,
        `\nUpload these before running it in the cloud (paths relative to ${dirname(loaded.file)}):\n${lines.join('\n')}`,
      );
    }
    return EXIT.ok;
  },
};

const OPTIONS = {
  target: { type: 'string', short: 't' },
  profile: { type: 'string' },
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
} as const;
