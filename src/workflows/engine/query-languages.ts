import type { QueryLanguage } from '../asl/asl-types.js';
import type { DataFlow } from '../asl/data-flow.js';
import { dataFlowFor } from '../asl/data-flows.js';

/** The data flow of each query language: the shared instances of `asl/data-flows.ts`. */
export function queryLanguages(): (language: QueryLanguage) => DataFlow {
  return dataFlowFor;
}
