/**
 * A Processing step (CreateProcessingJob) as an IR processing step, the inverse of
 * src/compile/aws/processing-request.ts: the image and entrypoint become the process, a script
 * staged as the input `code` (`…/code/preprocess.py` at /opt/ml/processing/input/code) becomes
 * `process.code` when it can be fetched, inputs and outputs keep their names and container paths,
 * and PropertyFiles their names. The process sees SageMaker's processing contract.
 */
import type { InputSpec, OutputSpec, ProcessingStep, ProcessSpec, PropertyFileSpec } from '../../pipeline/ir.js';
import { fetchScript } from './code-fetch.js';
import { type At, type ImportContext, importError, type RawStep } from './import-context.js';
import { importEnvironment, importResources, isObject, literalUri, maxRuntime, noteCloudOnly, trimSlash } from './job-fields.js';
import { child, type JsonObject, optArray, optObject, optString, optStringList, reqObject, reqString } from './json-fields.js';
import { importEnvelope } from './policies-import.js';
import { importValue } from './sagemaker-values.js';

const CODE_DIR = '/opt/ml/processing/input/code';

export async function importProcessing(step: RawStep, ctx: ImportContext): Promise<ProcessingStep> {
  const at: At = { step: step.Name, field: 'Arguments' };
  const args = reqObject(step, 'Arguments', { step: step.Name, field: '' });
  noteCloudOnly(args, ctx, step.Name);
  const app = optObject(args, 'AppSpecification', at) ?? {};
  const propertyFiles = importPropertyFiles(step);
  let inputs = (optArray(args, 'ProcessingInputs', at) ?? []).map((raw, i) => rawInput(raw, child(at, `ProcessingInputs[${i}]`)));
  const outputs = importOutputs(args, ctx, at, propertyFiles);
  const entry = optStringList(app, 'ContainerEntrypoint', child(at, 'AppSpecification')) ?? [];
  const process: { -readonly [K in keyof ProcessSpec]: ProcessSpec[K] } = { command: entry, contract: 'sagemaker' };
  const image = optString(app, 'ImageUri', child(at, 'AppSpecification'));
  if (image) process.image = image;
  const script = await stagedScript(entry, inputs, ctx, step.Name);
  if (script) {
    process.command = entry.slice(0, -1);
    process.code = script.path;
    inputs = inputs.filter((i) => i !== script.input);
  }
  inputs = await Promise.all(inputs.map((i) => localCode(i, ctx, step.Name)));
  const containerArgs = optArray(app, 'ContainerArguments', child(at, 'AppSpecification'));
  if (containerArgs?.length)
    process.args = containerArgs.map((a, i) => importValue(a, ctx, child(at, `AppSpecification.ContainerArguments[${i}]`)));
  const env = importEnvironment(args, ctx, at);
  if (env) process.env = env;
  const out: { -readonly [K in keyof ProcessingStep]: ProcessingStep[K] } = {
    name: step.Name,
    type: 'processing',
    ...importEnvelope(step, ctx, { step: step.Name, field: '' }),
    process,
    inputs: inputs.map((i) => importInput(i, ctx)),
    outputs,
  };
  if (propertyFiles.length > 0) out.propertyFiles = propertyFiles;
  const processingResources = optObject(args, 'ProcessingResources', at);
  const resources = importResources(
    processingResources && optObject(processingResources, 'ClusterConfig', child(at, 'ProcessingResources')),
    ctx,
    child(at, 'ProcessingResources.ClusterConfig'),
  );
  if (resources) out.resources = resources;
  const timeout = maxRuntime(args, at);
  if (timeout !== undefined) out.timeoutSeconds = timeout;
  ctx.note(step.Name, 'Processing', 'mapped', `a processing step running ${describeCommand(process)}`);
  return out;
}

interface RawInput {
  readonly name: string;
  readonly source: unknown;
  readonly localPath?: string;
  readonly at: At;
  readonly s3: JsonObject;
}

function rawInput(raw: unknown, at: At): RawInput {
  if (!isObject(raw)) throw importError(at, 'is not an object', 'A processing input is {InputName, S3Input}.');
  const name = reqString(raw, 'InputName', at);
  if (raw.DatasetDefinition !== undefined) {
    throw importError(
      child(at, 'DatasetDefinition'),
      `input "${name}" reads an Athena or Redshift query`,
      'Godwit has no Athena; run the query in a sql step and read its output instead.',
    );
  }
  const s3 = reqObject(raw, 'S3Input', at);
  if (s3.S3Uri === undefined) throw importError(child(at, 'S3Input.S3Uri'), 'is missing', 'Give the input its S3Uri.');
  return { name, source: s3.S3Uri, localPath: optString(s3, 'LocalPath', child(at, 'S3Input')), at, s3 };
}

/** Inputs that carry code (a FrameworkProcessor's `code` tarball and `entrypoint` script): fetched, then read from the pipeline's folder. */
const CODE_INPUTS = new Set(['code', 'entrypoint']);

async function localCode(input: RawInput, ctx: ImportContext, step: string): Promise<RawInput> {
  const uri = literalUri(input.source);
  if (!CODE_INPUTS.has(input.name) || uri === undefined || uri.endsWith('/')) return input;
  const path = await fetchScript(uri, ctx, step, `ProcessingInputs.${input.name}`);
  return path === undefined ? input : { ...input, source: path };
}

function importInput(input: RawInput, ctx: ImportContext): InputSpec {
  const out: { -readonly [K in keyof InputSpec]: InputSpec[K] } = {
    name: input.name,
    source: importValue(input.source, ctx, child(input.at, 'S3Input.S3Uri')),
  };
  const path = input.localPath === undefined ? undefined : trimSlash(input.localPath);
  if (path !== undefined && path !== `/opt/ml/processing/input/${input.name}`) out.destination = path;
  if (input.s3.S3InputMode === 'Pipe')
    ctx.note(
      input.at.step,
      'S3InputMode',
      'approximated',
      `input "${input.name}": Pipe mode read as File (the whole input is staged first)`,
    );
  if (input.s3.S3CompressionType === 'Gzip')
    ctx.note(input.at.step, 'S3CompressionType', 'dropped', `input "${input.name}" is staged as stored, not gunzipped`);
  return out;
}

function importOutputs(args: JsonObject, ctx: ImportContext, at: At, propertyFiles: readonly PropertyFileSpec[]): OutputSpec[] {
  const config = optObject(args, 'ProcessingOutputConfig', at);
  const list = config ? (optArray(config, 'Outputs', child(at, 'ProcessingOutputConfig')) ?? []) : [];
  return list.map((raw, i) => {
    const where = child(at, `ProcessingOutputConfig.Outputs[${i}]`);
    if (!isObject(raw)) throw importError(where, 'is not an object', 'A processing output is {OutputName, S3Output}.');
    const name = reqString(raw, 'OutputName', where);
    const s3 = optObject(raw, 'S3Output', where) ?? {};
    const local = optString(s3, 'LocalPath', child(where, 'S3Output'));
    const out: { -readonly [K in keyof OutputSpec]: OutputSpec[K] } = {
      name,
      type: propertyFiles.some((f) => f.output === name) ? 'metrics' : 'dataset',
    };
    if (local !== undefined && trimSlash(local) !== `/opt/ml/processing/output/${name}`) out.source = trimSlash(local);
    const uri = literalUri(s3.S3Uri);
    if (uri !== undefined)
      ctx.note(at.step, 'S3Output.S3Uri', 'approximated', `output "${name}" is kept in the run's artifact store, not at ${uri}`);
    return out;
  });
}

function importPropertyFiles(step: RawStep): PropertyFileSpec[] {
  const at: At = { step: step.Name, field: 'PropertyFiles' };
  const list = step.PropertyFiles;
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw importError(at, 'is not a list', 'PropertyFiles lists {PropertyFileName, OutputName, FilePath}.');
  return list.map((raw, i) => {
    const where = child(at, `[${i}]`);
    if (!isObject(raw))
      throw importError(where, 'is not an object', 'A property file is {PropertyFileName, OutputName, FilePath}.');
    return {
      name: reqString(raw, 'PropertyFileName', where),
      output: reqString(raw, 'OutputName', where),
      path: reqString(raw, 'FilePath', where),
    };
  });
}

/** The script the entrypoint runs from the `code` input, fetched; undefined when there is none or it cannot be had. */
async function stagedScript(entry: readonly string[], inputs: readonly RawInput[], ctx: ImportContext, step: string) {
  const last = entry.at(-1);
  if (last === undefined || !last.startsWith(`${CODE_DIR}/`)) return undefined;
  const file = last.slice(CODE_DIR.length + 1);
  const input = inputs.find((i) => i.localPath !== undefined && trimSlash(i.localPath) === CODE_DIR);
  const uri = literalUri(input?.source);
  if (!input || uri === undefined || file.includes('/') || uri.replace(/\/+$/, '').split('/').pop() !== file) return undefined;
  const path = await fetchScript(uri, ctx, step, 'ProcessingInputs.code');
  return path === undefined ? undefined : { path, input };
}

function describeCommand(p: ProcessSpec): string {
  const parts = [...p.command, ...(p.code ? [p.code] : [])];
  return parts.length > 0 ? `"${parts.join(' ')}"` : `the image's entrypoint${p.image ? ` (${p.image})` : ''}`;
}
