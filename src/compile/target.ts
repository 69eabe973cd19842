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
  /**
   * Where sql steps run on AWS, through the Redshift Data API: the database, a provisioned
   * cluster (`clusterIdentifier`) or a Serverless workgroup (`workgroupName`), and the
   * credentials (`secretArn`, or `dbUser` for temporary credentials of a cluster).
   */
  readonly redshift?: {
    readonly database: string;
    readonly clusterIdentifier?: string;
    readonly workgroupName?: string;
    readonly secretArn?: string;
    readonly dbUser?: string;
    /** The IAM_ROLE of UNLOAD; default `default` (the cluster's default role). */
    readonly iamRole?: string;
  };
  /** Where sql steps run on GCP: BigQuery's location (default `US`). */
  readonly bigquery?: { readonly location?: string };
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

/** What a compiler may read besides the IR and the profile. */
export interface CompileOptions {
  /**
   * The text of a file the IR names relative to the pipeline file (a sql step's `.sql` file,
   * which Step Functions and KFP put into the document), or undefined when it cannot be read.
   * Injected so compilers stay pure functions of their arguments.
   */
  readonly readText?: (path: string) => string | undefined;
}

/** A compiler: a pure function of the IR, a profile and its options. Throws `CompileError` for what it cannot express. */
export type Compiler = (ir: PipelineIR, profile: TargetProfile, options?: CompileOptions) => CompileResult;
