/**
 * What a migration between AWS and GCP produces: the rewritten pipeline IR, translated SQL files,
 * and a report of every step — what it was, what it became, and what a person must decide.
 */

import type { TargetProfile } from '../compile/target.js';
import type { PipelineIR, StepKind } from '../pipeline/ir.js';
import type { SqlNote } from '../sql/index.js';

export type Cloud = 'aws' | 'gcp';

export const CLOUDS: readonly Cloud[] = ['aws', 'gcp'];

/** `s3` for AWS, `gs` for GCP. */
export const SCHEME: Readonly<Record<Cloud, string>> = { aws: 's3', gcp: 'gs' };

/** One field rewritten: `resources.instanceType: ml.m5.xlarge → n1-standard-4 (profile gcp machineTypes)`. */
export interface Change {
  readonly field: string;
  readonly was: string;
  readonly became: string;
  readonly why?: string;
}

export interface StepReport {
  readonly step: string;
  readonly type: StepKind;
  /** The component it compiles to on the source cloud, and on the target cloud. */
  readonly was: string;
  readonly became: string;
  readonly changes: readonly Change[];
  /** Sentences a person must act on. */
  readonly human: readonly string[];
}

export interface ParameterReport {
  readonly name: string;
  readonly was: string;
  readonly became: string;
  readonly why: string;
}

export interface SqlFileReport {
  readonly step: string;
  /** Paths relative to the output folder. */
  readonly source: string;
  readonly output: string;
  readonly notes: readonly SqlNote[];
}

export interface MigrationReport {
  readonly pipeline: string;
  readonly from: Cloud;
  readonly to: Cloud;
  readonly fromProfile: string;
  readonly toProfile: string;
  /** The source pipeline file, relative to the output folder. */
  readonly source: string;
  readonly bucketMap: readonly (readonly [string, string])[];
  readonly parameters: readonly ParameterReport[];
  readonly steps: readonly StepReport[];
  readonly sql: readonly SqlFileReport[];
  /** Pipeline-wide decisions (bucket copies, profile entries), beside the per-step ones. */
  readonly human: readonly string[];
}

/** A translated SQL file to write beside the migrated pipeline. */
export interface OutputFile {
  /** Relative to the output folder. */
  readonly path: string;
  readonly content: string;
}

export interface MigrationResult {
  readonly ir: PipelineIR;
  readonly report: MigrationReport;
  readonly files: readonly OutputFile[];
}

export interface MigrationOptions {
  readonly from: Cloud;
  readonly to: Cloud;
  readonly fromProfile: TargetProfile;
  readonly toProfile: TargetProfile;
  /** Extra bucket prefixes, either orientation: `s3://a/x` ↔ `gs://b/y`. */
  readonly bucketMap?: readonly (readonly [string, string])[];
  /** The pipeline file's folder (where its relative paths start). */
  readonly baseDir: string;
  /** Where the migrated pipeline is written (where its relative paths must start). */
  readonly outDir: string;
  /** The source pipeline file, for the report. */
  readonly file: string;
  /** IAM_ROLE for COPY / UNLOAD in SQL translated to Redshift; default `default` (the cluster's role). */
  readonly redshiftRole?: string;
  /** Reads a text file relative to `baseDir`; undefined when it is missing or not text. */
  readonly readText: (path: string) => string | undefined;
}
