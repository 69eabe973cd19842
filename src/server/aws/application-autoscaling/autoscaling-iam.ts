import type { IamRules } from '../iam-rules.js';

/** Application Auto Scaling: its actions take no resource-level permissions in IAM (`*`), as AWS documents. */
export const AUTOSCALING_IAM: IamRules = {
  service: 'application-autoscaling',
  door: 'application-autoscaling',
  resource: () => '*',
};
