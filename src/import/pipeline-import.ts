/**
 * Importers turn another system's pipeline document into Godwit's IR: a SageMaker pipeline
 * definition (the JSON `pipeline.definition()` writes, `sagemaker/`) or a KFP PipelineSpec whose
 * components are containers with plain commands (`kfp/`). What maps is imported; what does not is
 * either refused (an `E_IMPORT` error naming the step, the feature and why) or, when the pipeline
 * still means the same without it, left out and said in the report.
 */
import type { PipelineIR } from '../pipeline/ir.js';
import type { StoreOptions } from '../store/index.js';

export type ImportSource = 'sagemaker' | 'kfp';

/** One line of the report: a step or feature of the source, and what became of it. */
export interface ImportNote {
  /** The source step's name, or undefined for the pipeline as a whole. */
  readonly step?: string;
  /** The source's own term: `Training`, `Std:JoinOn`, `CacheConfig`, `RetryPolicies`, `Lambda`, … */
  readonly feature: string;
  readonly outcome: 'mapped' | 'approximated' | 'dropped';
  /** What it became (`a training step`) or why it was approximated or dropped. */
  readonly detail: string;
}

export interface ImportResult {
  readonly ir: PipelineIR;
  readonly notes: readonly ImportNote[];
  /**
   * Files the IR refers to that the importer fetched or unpacked (a processing step's `code` from
   * `s3://…/preprocess.py`), by the relative path the IR names them with; written beside the
   * pipeline file by `godwit import -o`, or into a run's staging folder.
   */
  readonly files: Readonly<Record<string, Uint8Array>>;
}

export interface ImportOptions {
  /** The pipeline's name when the document has none (a KFP spec's `pipelineInfo.name` wins). */
  readonly name?: string;
  /**
   * How to reach object stores for code the document points at (`s3://…/preprocess.py`). Without
   * it only local paths and `file://` are fetched; cloud URIs stay URIs, with a note.
   */
  readonly store?: StoreOptions;
}
