import { GodwitError } from '../core/errors.js';

/** SageMaker's rule for a model package group name: 1–63 letters, digits and inner hyphens. */
const GROUP_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Refuses a name SageMaker would refuse, such as `../../evil`, before it reaches any store. */
export function checkGroupName(name: string): void {
  if (GROUP_NAME.test(name)) return;
  throw new GodwitError('E_MODEL_GROUP_NAME', `"${name}" is not a valid model package group name.`, {
    hint: 'Use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit (SageMaker’s rule), e.g. Abalone-Models.',
  });
}
