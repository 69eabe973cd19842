import { GodwitError } from '../../core/errors.js';

/**
 * The one local account and the one ARN form. Every resource Godwit's AWS front doors name is
 *
 *   arn:aws:<service>:<region>:000000000000:<resource-type>/<name>[/<more path>]
 *
 * with the region of the request that asked (resources are not regional locally: one home holds
 * them all, and a client in eu-west-1 sees the same runs as one in us-east-1, named in its
 * region). Unlike AWS, which lower-cases SageMaker names in ARNs, names keep their case, so an ARN
 * always resolves back to exactly the resource it names.
 */
export const ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export function arn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${ACCOUNT_ID}:${resource}`;
}

/** The resource part of an ARN of this service (`model-package/Group/3`), any region. */
export function arnResource(value: string, service: string): string {
  const m = /^arn:aws[a-z-]*:([a-z0-9.-]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(value);
  if (!m || m[1] !== service) {
    throw new GodwitError('E_ARN_INVALID', `"${value}" is not a ${service} ARN.`, {
      hint: `ARNs here read arn:aws:${service}:<region>:${ACCOUNT_ID}:<resource-type>/<name>.`,
    });
  }
  if (m[3] !== ACCOUNT_ID) {
    throw new GodwitError('E_ARN_INVALID', `ARN "${value}" names account ${m[3]}; Godwit's local account is ${ACCOUNT_ID}.`);
  }
  return m[4];
}
