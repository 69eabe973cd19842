import { arn } from '../arns.js';
import { field, type IamRules } from '../iam-rules.js';

/** Step Functions: `states:StartExecution` on the state machine's ARN, execution actions on the execution's, as AWS names them. */
export const STEPFUNCTIONS_IAM: IamRules = {
  service: 'states',
  door: 'states',
  resource(action, input, region) {
    const named = field(input, 'stateMachineArn') ?? field(input, 'executionArn');
    if (named) return named;
    const name = action === 'CreateStateMachine' ? field(input, 'name') : undefined;
    return name ? arn('states', region, `stateMachine:${name}`) : '*';
  },
};
