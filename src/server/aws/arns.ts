import { ACCOUNT_ID } from '../../core/arns.js';
import { GodwitError } from '../../core/errors.js';

export { ACCOUNT_ID, arn, DEFAULT_REGION } from '../../core/arns.js';

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
