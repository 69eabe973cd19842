import { GodwitError } from '../core/errors.js';
import { MODEL_PACKAGE_GROUP_PATTERN, MODEL_PACKAGE_GROUP_RULE } from '../core/sagemaker-names.js';

/** Refuses a name SageMaker would refuse, such as `../../evil`, before it reaches any store. */
export function checkGroupName(name: string): void {
  if (MODEL_PACKAGE_GROUP_PATTERN.test(name)) return;
  throw new GodwitError('E_MODEL_GROUP_NAME', `"${name}" is not a valid model package group name.`, {
    hint: `${MODEL_PACKAGE_GROUP_RULE[0].toUpperCase()}${MODEL_PACKAGE_GROUP_RULE.slice(1)}.`,
  });
}
