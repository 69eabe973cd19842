import type { QueryLanguage } from '../asl/asl-types.js';
import type { DataFlow } from '../asl/data-flow.js';
import { JsonataFlow } from '../asl/jsonata/jsonata-flow.js';
import { JsonPathFlow } from '../asl/jsonpath/jsonpath-flow.js';

/**
 * The data flow of each query language, one instance each (the flows keep no per-execution
 * state). Stands in for `dataFlowFor` of `asl/data-flows.ts` until that lands.
 */
export function queryLanguages(): (language: QueryLanguage) => DataFlow {
  const flows: Record<QueryLanguage, DataFlow> = { JSONata: new JsonataFlow(), JSONPath: new JsonPathFlow() };
  return (language) => flows[language];
}
