/**
 * SageMaker API requests (CreateProcessingJob, CreateTrainingJob, ...) built once and spelled by
 * each AWS target: the SageMaker Pipelines compiler writes a run-time value as `{"Get": ...}` /
 * `{"Std:Join": ...}`, the Step Functions compiler as a `"Key.$"` JSONPath or intrinsic. The
 * builders therefore leave every run-time value as a `Dynamic` leaf and never pick a spelling.
 *
 * ```ts
 * { RoleArn: 'arn:...', AppSpecification: { ImageUri: new Dynamic({ kind: 'Parameter', name: 'image' }) } }
 * // SageMaker: { "RoleArn": "arn:...", "AppSpecification": { "ImageUri": { "Get": "Parameters.image" } } }
 * // Step Functions: { "RoleArn": "arn:...", "AppSpecification": { "ImageUri.$": "$.parameters.image" } }
 * ```
 */
import { isRef, type Ref, type Value } from '../../pipeline/ir.js';

/** The name of the SageMaker model a transform step creates for itself (`Steps.<x>-create-model.ModelName`). */
export interface CreatedModelNameRef {
  readonly kind: 'CreatedModelName';
  readonly step: string;
}

export type DynamicRef = Ref | CreatedModelNameRef;

/** A value known only when the pipeline runs. */
export class Dynamic {
  constructor(readonly ref: DynamicRef) {}
}

/** A request field: JSON, with `Dynamic` leaves; `undefined` fields are left out when rendered. */
export type RequestValue = string | number | boolean | Dynamic | RequestArray | RequestObject | undefined;
export type RequestArray = readonly RequestValue[];
export interface RequestObject {
  readonly [key: string]: RequestValue;
}

/** A literal stays itself; a reference becomes a `Dynamic` leaf. */
export function requestValue(value: Value): string | number | boolean | Dynamic {
  return isRef(value) ? new Dynamic(value) : value;
}
