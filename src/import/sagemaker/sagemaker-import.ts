/**
 * A SageMaker pipeline definition (Version 2020-12-01, the JSON `pipeline.definition()` writes)
 * as Godwit's IR, with a note for everything that was mapped, approximated or dropped.
 *
 * ```ts
 * const { ir, notes, files } = await importSageMakerDefinition(JSON.parse(text), { name: 'abalone' });
 * ```
 *
 * Steps nested in a Condition's IfSteps / ElseSteps become steps of the pipeline that the IR
 * condition names in `then` / `else`. Steps that become no IR step (a Lambda, the SDK's repack) are
 * "folded": whoever waited for them waits for what they waited for. The IR is validated before it
 * is returned. Per-step mappings: processing-, training-, tuning-, model- and control-import.ts.
 */
import { IR_API_VERSION, type PipelineIR, type StepIR } from '../../pipeline/ir.js';
import { refsInStep, upstreamOf } from '../../pipeline/walk.js';
import { assertImported, type ImportOptions, type ImportResult } from '../pipeline-import.js';
import { dropExternal, importCallback, importCondition, importFail, refuseUnsupported } from './control-import.js';
import { createImportContext, type ImportContext, importError, type RawStep, resolveDependencies } from './import-context.js';
import { describe, isObject, type JsonObject } from './json-fields.js';
import { importModel, importRegisterModel } from './model-import.js';
import { importParameters } from './parameters-import.js';
import { importProcessing } from './processing-import.js';
import { importQualityCheck } from './quality-check-import.js';
import { importTraining } from './training-import.js';
import { importTransform } from './transform-import.js';
import { importTuning } from './tuning-import.js';

const VERSION = '2020-12-01';
/** Step types that become no IR step of their own. */
const FOLDED = new Set(['Lambda']);

export async function importSageMakerDefinition(definition: unknown, options: ImportOptions = {}): Promise<ImportResult> {
  const document = checkDocument(definition);
  const order: RawStep[] = [];
  const branches = new Map<string, { then: string[]; else: string[] }>();
  collectSteps(document.Steps, 'Steps', order, branches);
  const ctx = createImportContext(new Map(order.map((s) => [s.Name, s])), options.store);
  const parameters = importParameters(document.Parameters, ctx);
  for (const step of order) {
    if (FOLDED.has(step.Type)) dropExternal(step, ctx, waitsFor(step));
    else if (isRepack(step)) foldRepack(step, ctx);
    else if (isTransformsOwnModel(step, order)) foldTransformModel(step, ctx);
  }
  const steps: StepIR[] = [];
  for (const step of order) {
    const ir = await importStep(step, ctx);
    if (ir) steps.push(ir);
  }
  const name = options.name ?? 'imported';
  const ir: PipelineIR = { apiVersion: IR_API_VERSION, kind: 'Pipeline', name, parameters, steps: finish(steps, branches, ctx) };
  assertImported(ir, 'the SageMaker definition');
  return { ir, notes: ctx.notes, files: ctx.files };
}

function checkDocument(definition: unknown): JsonObject {
  if (!isObject(definition)) {
    const found = `expected a JSON object, found ${describe(definition)}`;
    throw importError({ field: '(document)' }, found, 'Give the JSON that pipeline.definition() writes.');
  }
  if (definition.Version !== VERSION) {
    const hint = `Godwit reads SageMaker pipeline definitions of version ${VERSION}.`;
    throw importError({ field: 'Version' }, `${JSON.stringify(definition.Version)} is not ${VERSION}`, hint);
  }
  return definition;
}

/** Every step in definition order, a condition's branch steps right after it. */
function collectSteps(
  list: unknown,
  field: string,
  out: RawStep[],
  branches: Map<string, { then: string[]; else: string[] }>,
): string[] {
  if (!Array.isArray(list))
    throw importError({ field }, `expected a list of steps, found ${describe(list)}`, 'Give the steps as a list.');
  return list.map((raw, i) => {
    const at = { field: `${field}[${i}]` };
    if (!isObject(raw) || typeof raw.Name !== 'string' || raw.Name === '' || typeof raw.Type !== 'string') {
      throw importError(at, 'is not a step with a Name and a Type', 'Each step is {Name, Type, Arguments, …}.');
    }
    const step = raw as RawStep;
    if (out.some((s) => s.Name === step.Name))
      throw importError({ step: step.Name, field: 'Name' }, 'two steps have this name', 'Rename one of them.');
    out.push(step);
    if (step.Type === 'Condition') {
      const args = isObject(step.Arguments) ? step.Arguments : {};
      branches.set(step.Name, {
        then: collectSteps(args.IfSteps ?? [], `Steps "${step.Name}".Arguments.IfSteps`, out, branches),
        else: collectSteps(args.ElseSteps ?? [], `Steps "${step.Name}".Arguments.ElseSteps`, out, branches),
      });
    }
    return step.Name;
  });
}

/** What a step that becomes no IR step waited for: its DependsOn and the steps its values read. */
function waitsFor(step: RawStep): string[] {
  const deps = new Set<string>(
    Array.isArray(step.DependsOn) ? step.DependsOn.filter((d): d is string => typeof d === 'string') : [],
  );
  for (const m of JSON.stringify(step.Arguments ?? {}).matchAll(/"Steps\.([A-Za-z0-9_-]+)\./g)) deps.add(m[1]);
  return [...deps];
}

/**
 * The SDK's `<name>-RepackModel-0` training (a ModelStep with an entry_point): it re-packs the
 * trained model.tar.gz with the inference script. Godwit serves the model as trained, so the
 * step is folded and its model stands for the model it repacks.
 */
function isRepack(step: RawStep): boolean {
  if (step.Type !== 'Training' || !isObject(step.Arguments) || !isObject(step.Arguments.HyperParameters)) return false;
  return step.Arguments.HyperParameters.sagemaker_program === '"_repack_model.py"';
}

function foldRepack(step: RawStep, ctx: ImportContext): void {
  const args = step.Arguments as Record<string, unknown>;
  const channels = Array.isArray(args.InputDataConfig) ? args.InputDataConfig : [];
  const channel = channels.find((c) => isObject(c) && c.ChannelName === 'training') ?? channels[0];
  const source =
    isObject(channel) && isObject(channel.DataSource) && isObject(channel.DataSource.S3DataSource)
      ? channel.DataSource.S3DataSource.S3Uri
      : undefined;
  if (source === undefined)
    throw importError(
      { step: step.Name, field: 'Arguments.InputDataConfig' },
      'the repack step names no model to repack',
      'Give it the training channel with the model.tar.gz.',
    );
  ctx.modelAliases.set(step.Name, source);
  ctx.folded.set(step.Name, waitsFor(step));
  ctx.note(
    step.Name,
    'RepackModel',
    'approximated',
    'the SDK re-packs the model with its inference script; Godwit uses the model as trained, and serves it by its files',
  );
}

/**
 * The Model step Godwit's compiler writes before each transform `t` (`t-create-model`, read by `t`
 * alone): part of the IR transform, which creates its model itself, so the round trip gives the
 * pipeline back as it was. Any other Model step is a model step of its own.
 */
function isTransformsOwnModel(step: RawStep, order: readonly RawStep[]): boolean {
  if (step.Type !== 'Model' || !step.Name.endsWith('-create-model')) return false;
  const transform = step.Name.slice(0, -'-create-model'.length);
  const readers = order.filter((s) => s.Name !== step.Name && ownText(s).includes(`"Steps.${step.Name}.`));
  return readers.length === 1 && readers[0].Name === transform && readers[0].Type === 'Transform';
}

/** A step's JSON without the steps nested in it (a condition's branches are steps of their own). */
function ownText(step: RawStep): string {
  if (step.Type !== 'Condition' || !isObject(step.Arguments)) return JSON.stringify(step);
  const { IfSteps: _if, ElseSteps: _else, ...rest } = step.Arguments;
  return JSON.stringify({ ...step, Arguments: rest });
}

function foldTransformModel(step: RawStep, ctx: ImportContext): void {
  ctx.folded.set(step.Name, waitsFor(step));
  const transform = step.Name.slice(0, -'-create-model'.length);
  ctx.note(step.Name, 'Model', 'mapped', `the model of transform "${transform}", which creates it itself`);
}

async function importStep(step: RawStep, ctx: ImportContext): Promise<StepIR | undefined> {
  if (ctx.modelAliases.has(step.Name) || ctx.folded.has(step.Name)) return undefined;
  switch (step.Type) {
    case 'Processing':
      return importProcessing(step, ctx);
    case 'Training': {
      const args = isObject(step.Arguments) ? step.Arguments : {};
      if (Object.keys(args).length === 0)
        ctx.note(
          step.Name,
          'Training',
          'approximated',
          'no Arguments: a training with nothing to run until a command or image is given',
        );
      return importTraining(step, args, ctx);
    }
    case 'Tuning':
      return importTuning(step, ctx);
    case 'Transform':
      return importTransform(step, ctx);
    case 'Model':
    case 'CreateModel':
      return importModel(step, ctx);
    case 'RegisterModel':
    case '_RegisterModel':
      return importRegisterModel(step, ctx);
    case 'Condition':
      return importCondition(step, ctx);
    case 'Fail':
      return importFail(step, ctx);
    case 'Callback':
      return importCallback(step, ctx);
    case 'QualityCheck':
      return importQualityCheck(step, ctx);
    default:
      if (FOLDED.has(step.Type)) return undefined;
      return refuseUnsupported(step);
  }
}

/** Dependencies through folded steps, branch lists, and the training outputs other steps read. */
function finish(steps: StepIR[], branches: Map<string, { then: string[]; else: string[] }>, ctx: ImportContext): StepIR[] {
  const present = new Set(steps.map((s) => s.name));
  const readOutputs = new Set<string>();
  for (const step of steps)
    for (const { ref } of refsInStep(step)) if (ref.kind === 'StepOutput' && ref.output === 'output') readOutputs.add(ref.step);
  return steps.map((step) => {
    let out: StepIR = step;
    // Extra dependencies a reference already implies are left out, as the compiler would not write them.
    const implied = new Set(upstreamOf(step));
    const extra = resolveDependencies(ctx, ctx.extraDeps.get(step.name) ?? []).filter((d) => !implied.has(d));
    const deps = resolveDependencies(ctx, [...(step.dependsOn ?? []), ...extra]).filter((d) => d !== step.name);
    const { dependsOn: _, ...rest } = out;
    out = (deps.length > 0 ? { ...rest, dependsOn: deps } : rest) as StepIR;
    if (out.type === 'condition') {
      const b = branches.get(out.name) ?? { then: [], else: [] };
      out = { ...out, then: b.then.filter((n) => present.has(n)), else: b.else.filter((n) => present.has(n)) };
    }
    if (out.type === 'training' && readOutputs.has(out.name) && !out.outputs.some((o) => o.name === 'output')) {
      out = { ...out, outputs: [...out.outputs, { name: 'output', type: 'fileset' }] };
    }
    return out;
  });
}
