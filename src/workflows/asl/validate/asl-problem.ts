import { GodwitError } from '../../../core/errors.js';

/**
 * One thing wrong with a state machine definition, in Step Functions' terms: a code
 * (`MISSING_TRANSITION_TARGET`, `SCHEMA_VALIDATION_FAILED`, `INVALID_JSONATA_EXPRESSION`, …), a
 * sentence naming the state, and where it is as a JSON pointer into the definition
 * (`/States/Train/Next`, `/States/Fan/Branches/0/States/Left/Output`).
 */
export interface AslProblem {
  readonly code: string;
  readonly message: string;
  readonly location: string;
}

export function formatAslProblem(p: AslProblem): string {
  return `${p.code}: ${p.message} at ${p.location}`;
}

/**
 * A definition Godwit refuses (`E_ASL_INVALID`), listing every problem found. The message is
 * Step Functions' own `InvalidDefinition` text, `Invalid State Machine Definition: '<problem>',
 * '<problem>'`, so the Step Functions door returns it as is and SDK users see what AWS would say.
 */
export class AslDefinitionError extends GodwitError {
  readonly problems: readonly AslProblem[];

  constructor(problems: readonly AslProblem[]) {
    super('E_ASL_INVALID', `Invalid State Machine Definition: ${problems.map((p) => `'${formatAslProblem(p)}'`).join(', ')}`, {
      hint: 'Fix the fields named above (each problem ends with its location in the definition); docs/workflows-jsonata.md#validation lists the checks.',
    });
    this.problems = problems;
  }
}

/** A JSON pointer segment: `~` and `/` escaped as RFC 6901 says. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
