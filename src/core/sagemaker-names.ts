/**
 * SageMaker's naming rules that more than one capability checks (the pipeline validator before a
 * run, the registry before a write). A leaf module: `godwit runs list` loads it with the registry.
 */

/** A model package group name: 1–63 letters, digits and inner hyphens. */
export const MODEL_PACKAGE_GROUP_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const MODEL_PACKAGE_GROUP_RULE =
  'use 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit (SageMaker’s rule), e.g. Abalone-Models';
