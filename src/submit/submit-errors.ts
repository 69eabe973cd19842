/**
 * Submission errors, each one paragraph: the target, the operation, and the service's own message.
 * `E_SUBMIT` for a call that failed, `E_SUBMIT_PROFILE` for a profile field the target needs,
 * `E_SDK_MISSING` for an optional SDK that is not installed.
 */
import { GodwitError } from '../core/errors.js';
import type { SubmitTarget } from './submit-target.js';

const SERVICE: Readonly<Record<SubmitTarget, string>> = {
  sagemaker: 'SageMaker',
  vertex: 'Vertex AI',
  kfp: 'Kubeflow Pipelines',
};

export function submitError(
  target: SubmitTarget,
  operation: string,
  pipeline: string,
  message: string,
  hint?: string,
  cause?: unknown,
): GodwitError {
  const text = message.replace(/\s+/g, ' ').trim();
  return new GodwitError(
    'E_SUBMIT',
    `${SERVICE[target]} ${operation} failed for pipeline "${pipeline}": ${text}${/[.!?]$/.test(text) ? '' : '.'}`,
    { hint, cause },
  );
}

export function missingProfileField(target: SubmitTarget, profile: string, field: string, example: string): GodwitError {
  return new GodwitError(
    'E_SUBMIT_PROFILE',
    `Profile "${profile}" has no ${field}, which submitting to ${SERVICE[target]} needs.`,
    {
      hint: `Set ${field} in godwit.profiles.yaml, e.g. ${example}, or choose another profile with --profile.`,
    },
  );
}

/** Loads an optional SDK, or says how to install it. */
export async function loadSdk<T>(target: SubmitTarget, pkg: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new GodwitError('E_SDK_MISSING', `Submitting to ${SERVICE[target]} needs ${pkg}, which is not installed.`, {
        hint: `Install it beside Godwit: npm install ${pkg}`,
        cause: err,
      });
    }
    throw err;
  }
}

/** Hints for failures every target shares: the service could not be reached. */
export function networkHint(err: unknown, where: string): string | undefined {
  const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET') {
    return `Godwit could not reach ${where} (${code}): check the address, the network and any proxy.`;
  }
  return undefined;
}
