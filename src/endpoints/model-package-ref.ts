import { GodwitError } from '../core/errors.js';
import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';

/**
 * A model package named as SageMaker's `ModelPackageName` names one — its ARN
 * (`arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`) — or as the CLI does:
 * `Group/3`, or `Group/latest-approved` for the newest Approved version. SageMaker deploys a
 * versioned package only when it is Approved ("For versioned models, the value of this parameter
 * must be set to Approved to deploy the model", CreateModelPackage), so any other status is refused.
 */
const ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:model-package\/([^/]+)\/(\d+)$/;
const REF = /^([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})\/(latest-approved|[1-9]\d*)$/;

/** Whether `text` reads as a package reference at all (so the CLI can tell it from a folder path). */
export function isModelPackageRef(text: string): boolean {
  return ARN.test(text) || REF.test(text);
}

export async function resolveModelPackage(registry: ModelRegistry, ref: string): Promise<ModelVersion> {
  const m = ARN.exec(ref) ?? REF.exec(ref);
  if (!m) {
    throw new GodwitError('E_MODEL_PACKAGE_REF', `"${ref}" does not name a model package.`, {
      hint: 'Name one as arn:aws:sagemaker:<region>:000000000000:model-package/<group>/<version>, <group>/<version> or <group>/latest-approved.',
    });
  }
  const [group, which] = [m[1], m[2]];
  const versions = await registry.listVersions(group);
  if (versions.length === 0) {
    throw new GodwitError('E_MODEL_GROUP_NOT_FOUND', `There is no model package group "${group}" (or it has no versions).`, {
      hint: 'See the registered groups with: godwit models list',
    });
  }
  const chosen =
    which === 'latest-approved'
      ? versions.filter((v) => v.approvalStatus === 'Approved').at(-1)
      : versions.find((v) => v.version === Number(which));
  if (!chosen && which === 'latest-approved') {
    throw new GodwitError('E_MODEL_NOT_APPROVED', `Model package group "${group}" has no Approved version.`, {
      hint: `Approve one with: godwit models approve ${group} <version>`,
    });
  }
  if (!chosen) {
    throw new GodwitError('E_MODEL_VERSION_NOT_FOUND', `Model package group "${group}" has no version ${which}.`, {
      hint: `Its versions: ${versions.map((v) => v.version).join(', ')}.`,
    });
  }
  if (chosen.approvalStatus !== 'Approved') {
    throw new GodwitError(
      'E_MODEL_NOT_APPROVED',
      `Model package "${chosen.arn}" is ${chosen.approvalStatus}; only an Approved version can be deployed.`,
      { hint: `Approve it with: godwit models approve ${group} ${chosen.version}` },
    );
  }
  return chosen;
}
