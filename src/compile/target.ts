import type { PipelineIR } from '../pipeline/ir.js';

export type TargetName = 'sagemaker' | 'kfp' | 'stepfunctions';

/**
 * Where and how a compiled pipeline will run in a cloud: everything a compiler needs that the IR
 * does not say. Compilers read only this and the IR.
 */
export interface TargetProfile {
  readonly name: string;
  /** `s3://bucket/prefix` (AWS) or `gs://bucket/prefix` (GCP): code, inputs and outputs live here. */
  readonly artifactRoot: string;
  readonly region?: string;
  /** SageMaker / Step Functions execution role ARN. */
  readonly role?: string;
  /** Vertex AI service account and project. */
  readonly serviceAccount?: string;
  readonly project?: string;
  /**
   * Container images by key: a step's `process.image` wins; otherwise the key is the command's
   * program (`python3`, `node`) or the built-in algorithm name (`linear-learner`).
   */
  readonly images: Readonly<Record<string, string>>;
  /** SageMaker instance type ↔ Vertex machine type, for targets that need the other one. */
  readonly machineTypes?: Readonly<Record<string, string>>;
}

/** A local file the compiled document points at in the cloud: it must be uploaded there. */
export interface Upload {
  /** Path relative to the pipeline file's folder. */
  readonly local: string;
  readonly uri: string;
  /** Which step and field needs it. */
  readonly for: string;
}

/**
 * Something the target expresses more weakly than the IR says, with what the compiled document
 * does instead. Never silent: `godwit compile` prints each one. What cannot be weakened safely is a
 * `CompileError` instead.
 */
export interface CompileWarning {
  readonly step?: string;
  readonly message: string;
}

export interface CompileResult {
  readonly target: TargetName;
  /** The document: JSON-serialisable for sagemaker/stepfunctions, the PipelineSpec object for kfp. */
  readonly document: unknown;
  /** `json` or `yaml`: how the CLI writes it. */
  readonly format: 'json' | 'yaml';
  readonly uploads: readonly Upload[];
  readonly warnings: readonly CompileWarning[];
}

/** A compiler: a pure function of the IR and a profile. Throws `CompileError` for what it cannot express. */
export type Compiler = (ir: PipelineIR, profile: TargetProfile) => CompileResult;
