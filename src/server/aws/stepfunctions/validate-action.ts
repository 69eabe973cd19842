import { AslDefinitionError } from '../../../workflows/asl/validate/asl-problem.js';
import { validateDefinition } from '../../../workflows/asl/validate-definition.js';
import { type Input, optionalEnum, optionalInteger, requiredString } from '../aws-input.js';

/**
 * ValidateStateMachineDefinition: the checks CreateStateMachine makes (`validateDefinition`), as
 * diagnostics instead of an error: `result` FAIL with each problem's code, message and location
 * (a JSON pointer), at most `maxResults` of them (`truncated` when more). Godwit's checks are all
 * errors, so `severity: ERROR` and `WARNING` answer the same. Task resources are not checked here,
 * as Step Functions does not check them either; CreateStateMachine refuses an unmapped one.
 */
export async function validateStateMachineDefinition(input: Input) {
  const definition = requiredString(input, 'definition');
  optionalEnum(input, 'type', ['STANDARD', 'EXPRESS']);
  optionalEnum(input, 'severity', ['ERROR', 'WARNING']);
  const max = optionalInteger(input, 'maxResults', 0, 100, 100) || 100;
  try {
    validateDefinition(definition);
    return { result: 'OK', diagnostics: [], truncated: false };
  } catch (err) {
    if (!(err instanceof AslDefinitionError)) throw err;
    return {
      result: 'FAIL',
      diagnostics: err.problems
        .slice(0, max)
        .map((p) => ({ severity: 'ERROR', code: p.code, message: p.message, location: p.location })),
      truncated: err.problems.length > max,
    };
  }
}
