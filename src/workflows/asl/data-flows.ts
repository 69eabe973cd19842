import type { QueryLanguage } from './asl-types.js';
import type { DataFlow } from './data-flow.js';
import { JsonataFlow } from './jsonata/jsonata-flow.js';
import { JsonPathFlow } from './jsonpath/jsonpath-flow.js';

/**
 * The data flow of a query language. Both flows hold no per-execution state (only caches of
 * compiled paths, templates and expressions), so one shared instance per language serves every
 * state of every execution, and the caches stay warm across executions.
 */
const FLOWS: Readonly<Record<QueryLanguage, DataFlow>> = {
  JSONPath: new JsonPathFlow(),
  JSONata: new JsonataFlow(),
};

export function dataFlowFor(language: QueryLanguage): DataFlow {
  return FLOWS[language];
}
