/**
 * The container contract of a script step (`process.contract`). Moving to GCP, a step switches to
 * the Vertex contract unless its script reads SageMaker-only variables (`SM_MODEL_DIR`,
 * `SM_CHANNEL_*`, `hyperparameters.json`): such a script keeps the SageMaker contract, which
 * Godwit's KFP compiler emulates, and the report says what to port. Folders the SageMaker contract
 * gave by default (`/opt/ml/processing/input/<name>`, `/opt/ml/model`) are written out, so the
 * script finds its data where it always did under either contract. Moving to AWS, a step always
 * switches to the SageMaker contract (the SageMaker compiler accepts no other); a script that reads
 * `AIP_*` variables is reported for porting.
 */
import { join } from 'node:path';
import type { InputSpec, OutputSpec, ProcessingStep, ProcessSpec, TrainingStep } from '../pipeline/ir.js';
import type { StepMigration } from './migrate-context.js';

const SAGEMAKER_ONLY =
  /\bSM_[A-Z][A-Z0-9_]*|hyperparameters\.json|resourceconfig\.json|processingjobconfig\.json|inputdataconfig\.json/g;
const VERTEX_ONLY = /\bAIP_[A-Z][A-Z0-9_]*|\bCLOUD_ML_[A-Z_]+|\bCLUSTER_SPEC\b|\/gcs\//g;

interface ScriptStep {
  readonly process: ProcessSpec;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly OutputSpec[];
}

const DEFAULTS = {
  processing: {
    input: (n: string) => `/opt/ml/processing/input/${n}`,
    output: (n: string) => `/opt/ml/processing/output/${n}`,
  },
  training: {
    input: (n: string) => `/opt/ml/input/data/${n}`,
    output: (n: string) =>
      n === 'model' ? '/opt/ml/model' : n === 'output' ? '/opt/ml/output/data' : `/opt/ml/output/data/${n}`,
  },
};

export function migrateContract<S extends ScriptStep & (ProcessingStep | TrainingStep)>(step: S, m: StepMigration): ScriptStep {
  const { process } = step;
  const source = readScript(process, m);
  const was = process.contract ?? 'sagemaker';
  const target = m.options.to === 'gcp' ? 'vertex' : 'sagemaker';
  const wasText = process.contract ? was : 'sagemaker (the default)';
  if (m.options.to === 'gcp') {
    const uses = source === undefined ? [] : found(source, SAGEMAKER_ONLY);
    if (was === 'sagemaker' && uses.length > 0) {
      m.ask(
        `process.contract: the script reads ${uses.join(', ')}, which only the SageMaker contract sets, so the step keeps it (Godwit's KFP compiler emulates it). To switch to the Vertex contract, read AIP_MODEL_DIR / AIP_TRAINING_DATA_URI and --name=value arguments instead, then set contract: vertex.`,
      );
      return step;
    }
  } else {
    const uses = source === undefined ? [] : found(source, VERTEX_ONLY);
    if (uses.length > 0) {
      m.ask(
        `process.contract: the script reads ${uses.join(', ')}, which SageMaker does not set: port it to SM_MODEL_DIR, SM_CHANNEL_<NAME> and /opt/ml paths.`,
      );
    }
  }
  if (source === undefined && process.code !== undefined)
    m.ask(`process.code: Godwit could not read ${process.code} to check which contract it follows; check it.`);
  if (was === target) return step;
  const kind = step.type === 'training' ? DEFAULTS.training : DEFAULTS.processing;
  const inputs = step.inputs.map((i) =>
    i.destination ? i : explicit(i, 'destination', kind.input(i.name), `inputs.${i.name}.destination`, m),
  );
  const outputs = step.outputs.map((o) =>
    o.source ? o : explicit(o, 'source', kind.output(o.name), `outputs.${o.name}.source`, m),
  );
  m.change(
    'process.contract',
    wasText,
    target,
    target === 'vertex'
      ? 'the Vertex AI container contract (AIP_* variables)'
      : 'the SageMaker container contract (/opt/ml, SM_* variables)',
  );
  return { ...step, process: { ...process, contract: target }, inputs, outputs };
}

function explicit<T extends InputSpec | OutputSpec>(
  spec: T,
  key: 'destination' | 'source',
  path: string,
  field: string,
  m: StepMigration,
): T {
  m.change(field, '(default)', path, 'the SageMaker default folder, kept under the new contract');
  return { ...spec, [key]: path };
}

/** The step's script text, or undefined (no code, a folder without entry point, unreadable). */
function readScript(process: ProcessSpec, m: StepMigration): string | undefined {
  if (process.code === undefined) return '';
  const path = process.entryPoint ? join(process.code, process.entryPoint) : process.code;
  return m.options.readText(path);
}

function found(text: string, pattern: RegExp): string[] {
  return [...new Set(text.match(pattern) ?? [])].sort();
}
