/**
 * Importers turn another system's pipeline document into Godwit's IR: a SageMaker pipeline
 * definition (the JSON `pipeline.definition()` writes, `sagemaker/`) or a KFP PipelineSpec whose
 * components are containers with plain commands (`kfp/`). What maps is imported; what does not is
 * either refused (an `E_IMPORT` error naming the step, the feature and why) or, when the pipeline
 * still means the same without it, left out and said in the report.
 */
import { GodwitError, ValidationError } from '../core/errors.js';
import type { PipelineIR } from '../pipeline/ir.js';
import { validatePipeline } from '../pipeline/validate.js';
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

/**
 * Every importer's last check: an IR the validator refuses is `E_IMPORT`, like every other
 * document an importer cannot take, with the validator's problems listed in the message and kept
 * on the cause (a `ValidationError`, `E_VALIDATION`, whose `problems` a program may read). One code
 * for "this document did not import", whichever importer and whichever check refused it: the
 * caller (`godwit import`, the server's StartPipelineExecution) has one thing to handle and the
 * user one thing to fix, the source document. `E_VALIDATION` stays the code of a Godwit pipeline
 * file (`godwit validate`, `run`, `compile`), which the user wrote and fixes in Godwit's terms.
 */
export function assertImported(ir: PipelineIR, source: string): void {
  const problems = validatePipeline(ir);
  if (problems.length === 0) return;
  const cause = new ValidationError(`The pipeline imported from ${source}`, problems);
  throw new GodwitError('E_IMPORT', `${cause.message.replace(/ has (\d+) problems?:/, ' is not valid ($1):')}`, {
    hint: 'Fix the source document at the steps named (or import what imports and edit the YAML).',
    cause,
  });
}
