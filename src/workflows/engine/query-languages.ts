import type { QueryLanguage } from '../asl/asl-types.js';
import type { DataFlow } from '../asl/data-flow.js';
import { JsonataFlow } from '../asl/jsonata/jsonata-flow.js';
import { StatesError } from '../asl/states-error.js';

/** The data flow of each query language, one instance each (the flows keep no per-execution state). */
export function queryLanguages(): (language: QueryLanguage) => DataFlow {
  const jsonata = new JsonataFlow();
  return (language) => {
    if (language === 'JSONata') return jsonata;
    throw new StatesError('States.Runtime', 'JSONPath states need the JSONPath data flow, which is not merged yet.');
  };
}
