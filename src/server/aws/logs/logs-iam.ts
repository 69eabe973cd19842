import { arn } from '../arns.js';
import { field, type IamRules } from '../iam-rules.js';

/** CloudWatch Logs: the log group's ARN (`log-group:NAME`), with `:log-stream:STREAM` when one stream is read. */
export const LOGS_IAM: IamRules = {
  service: 'logs',
  door: 'logs',
  resource(_action, input, region) {
    const group = field(input, 'logGroupName');
    if (!group) return '*';
    const stream = field(input, 'logStreamName');
    return arn('logs', region, `log-group:${group}${stream ? `:log-stream:${stream}` : ''}`);
  },
};
