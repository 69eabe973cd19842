import { GodwitError } from '../core/errors.js';
import { MODEL_PACKAGE_GROUP_PATTERN, MODEL_PACKAGE_GROUP_RULE } from '../core/sagemaker-names.js';

/**
 * Prefixes no group may take (the word alone, or followed by `-`), whatever their case: `aws` and `sagemaker` are AWS's own (names of
 * resources AWS makes for itself, and a group moved to SageMaker under such a name would clash
 * with them), `godwit` is Godwit's own (the names it gives what it makes by itself).
 */
export const RESERVED_GROUP_PREFIXES: readonly { readonly prefix: string; readonly owner: string }[] = [
  { prefix: 'aws', owner: 'AWS' },
  { prefix: 'sagemaker', owner: 'Amazon SageMaker' },
  { prefix: 'godwit', owner: 'Godwit' },
];

/** Refuses a name SageMaker would refuse, such as `../../evil`, or a reserved one, before it reaches any store. */
export function checkGroupName(name: string): void {
  if (!MODEL_PACKAGE_GROUP_PATTERN.test(name)) {
    throw new GodwitError('E_MODEL_GROUP_NAME', `"${name}" is not a valid model package group name.`, {
      hint: `${MODEL_PACKAGE_GROUP_RULE[0].toUpperCase()}${MODEL_PACKAGE_GROUP_RULE.slice(1)}.`,
    });
  }
  const lower = name.toLowerCase();
  const reserved = RESERVED_GROUP_PREFIXES.find((r) => lower === r.prefix || lower.startsWith(`${r.prefix}-`));
  if (reserved) {
    throw new GodwitError(
      'E_MODEL_GROUP_NAME',
      `"${name}" is a reserved model package group name: the name "${reserved.prefix}" and names starting with "${reserved.prefix}-" are kept for ${reserved.owner}.`,
      {
        hint: `Pick a name that does not start with ${RESERVED_GROUP_PREFIXES.map((r) => `"${r.prefix}-"`).join(', ')}, e.g. Abalone-Models.`,
      },
    );
  }
}
