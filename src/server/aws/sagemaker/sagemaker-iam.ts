import { arn } from '../arns.js';
import { field, type IamRules, kebab } from '../iam-rules.js';

/**
 * SageMaker's resources, found without a table per action: the action's noun (`CreateEndpointConfig`
 * → `EndpointConfig`) names the input field (`EndpointConfigName`, or `…Arn`) and the ARN's
 * resource type (`endpoint-config/NAME`); when it has no such field, shorter nouns are tried
 * (`StartPipelineExecution` acts on `PipelineName`'s pipeline, `UpdateEndpointWeightsAndCapacities`
 * on `EndpointName`'s endpoint). Names are lower-cased, as SageMaker's ARNs have them, so a policy
 * on `endpoint/prod-*` covers `Prod-Churn`. A few actions name their resource otherwise (below).
 */
export const SAGEMAKER_IAM: IamRules = {
  service: 'sagemaker',
  door: 'sagemaker',
  resource(action, input, region) {
    const special = SPECIAL[action] ?? (action.endsWith('JobDefinition') ? jobDefinition : undefined);
    if (special) return special(action, input, region) ?? '*';
    const words = action.match(/[A-Z][a-z0-9]*/g) ?? [];
    for (let n = words.length; n > 1; n--) {
      const noun = words.slice(1, n).join('');
      const byArn = field(input, `${noun}Arn`);
      if (byArn) return byArn;
      const name = field(input, `${noun}Name`);
      if (name) return named(region, kebab(noun), name);
    }
    return '*';
  },
};

function named(region: string, type: string, name: string): string {
  return name.startsWith('arn:') ? name : arn('sagemaker', region, `${type}/${name.toLowerCase()}`);
}

type Special = (action: string, input: Readonly<Record<string, unknown>>, region: string) => string | undefined;

// CreateDataQualityJobDefinition … DescribeModelExplainabilityJobDefinition: `JobDefinitionName`.
const jobDefinition: Special = (action, input, region) => {
  const name = field(input, 'JobDefinitionName');
  const noun = action.replace(/^(Create|Describe|Delete|List)/, '');
  return name && named(region, kebab(noun), name);
};

const experiment: Special = (_, input, region) => {
  const name = field(input, 'Name');
  return name && named(region, 'inference-experiment', name);
};

const SPECIAL: Readonly<Record<string, Special>> = {
  // A new version is made in its group: the group's ARN (`model-package-group/NAME`).
  CreateModelPackage: (_, input, region) => {
    const group = field(input, 'ModelPackageGroupName');
    return group ? named(region, 'model-package-group', group) : undefined;
  },
  CreateInferenceExperiment: experiment,
  DescribeInferenceExperiment: experiment,
  StartInferenceExperiment: experiment,
  StopInferenceExperiment: experiment,
  UpdateInferenceExperiment: experiment,
  DeleteInferenceExperiment: experiment,
};
