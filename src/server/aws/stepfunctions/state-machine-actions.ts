import type { StateMachineRecord, StateMachineType } from '../../../workflows/workflow-service.js';
import { AwsError } from '../aws-error.js';
import { epochSeconds, type Input, optionalEnum, optionalString, requiredString } from '../aws-input.js';
import type { SfnContext } from './sfn-context.js';
import { checkName, executionArnOf, machineArnOf, pageSizeOf } from './sfn-input.js';

const TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];
/** Step Functions' limit on a definition: 1 MiB of text. */
const DEFINITION_LIMIT = 1024 * 1024;

/** CreateStateMachine: the definition is validated (and its Task resources checked) before it is recorded. */
export async function createStateMachine(input: Input, { workflows }: SfnContext) {
  const record = await workflows.createStateMachine({
    name: checkName(requiredString(input, 'name'), 'state machine'),
    definition: definitionOf(input, true) as string,
    roleArn: requiredString(input, 'roleArn'),
    type: optionalEnum(input, 'type', TYPES),
    tags: tagsOf(input),
  });
  return {
    stateMachineArn: record.stateMachineArn,
    creationDate: epochSeconds(record.creationDate),
    revisionId: record.revisionId,
  };
}

export async function describeStateMachine(input: Input, { workflows }: SfnContext) {
  return machineOut(await workflows.describeStateMachine(machineArnOf(input)));
}

/** UpdateStateMachine: a new definition or role (one at least); executions already running keep theirs. */
export async function updateStateMachine(input: Input, { workflows, clock }: SfnContext) {
  const arn = machineArnOf(input);
  const definition = definitionOf(input, false);
  const roleArn = optionalString(input, 'roleArn');
  if (definition === undefined && roleArn === undefined) {
    throw new AwsError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified.');
  }
  const record = await workflows.updateStateMachine(arn, { definition, roleArn });
  return { updateDate: epochSeconds(clock.now()), revisionId: record.revisionId };
}

/** DeleteStateMachine: executions already running finish, as on Step Functions. */
export async function deleteStateMachine(input: Input, { workflows }: SfnContext) {
  await workflows.deleteStateMachine(machineArnOf(input));
  return {};
}

export async function listStateMachines(input: Input, { workflows }: SfnContext) {
  const page = await workflows.listStateMachines({
    maxResults: pageSizeOf(input),
    nextToken: optionalString(input, 'nextToken'),
  });
  return {
    stateMachines: page.items.map((m) => ({
      stateMachineArn: m.stateMachineArn,
      name: m.name,
      type: m.type,
      creationDate: epochSeconds(m.creationDate),
    })),
    nextToken: page.nextToken,
  };
}

/** DescribeStateMachineForExecution: the machine an execution belongs to (its current revision). */
export async function describeStateMachineForExecution(input: Input, { workflows }: SfnContext) {
  const execution = await workflows.describeExecution(executionArnOf(input));
  const m = await workflows.describeStateMachine(execution.stateMachineArn);
  return {
    stateMachineArn: m.stateMachineArn,
    name: m.name,
    definition: m.definition,
    roleArn: m.roleArn,
    updateDate: epochSeconds(m.creationDate),
    revisionId: m.revisionId,
  };
}

function machineOut(m: StateMachineRecord) {
  return {
    stateMachineArn: m.stateMachineArn,
    name: m.name,
    status: m.status,
    definition: m.definition,
    roleArn: m.roleArn,
    type: m.type,
    creationDate: epochSeconds(m.creationDate),
    revisionId: m.revisionId,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

function definitionOf(input: Input, required: boolean): string | undefined {
  const text = required ? requiredString(input, 'definition') : optionalString(input, 'definition');
  if (text !== undefined && Buffer.byteLength(text) > DEFINITION_LIMIT) {
    throw new AwsError(
      'InvalidDefinition',
      `Invalid State Machine Definition: the definition is over ${DEFINITION_LIMIT} bytes.`,
    );
  }
  return text;
}

/** Step Functions' tags: `[{ key, value }]`. */
function tagsOf(input: Input): Record<string, string> | undefined {
  const tags = input.tags;
  if (tags === undefined || tags === null) return undefined;
  if (!Array.isArray(tags))
    throw new AwsError('ValidationException', "Value at 'tags' failed to satisfy constraint: Member must be a list");
  const out: Record<string, string> = {};
  for (const t of tags as { key?: unknown; value?: unknown }[]) {
    if (typeof t?.key !== 'string' || (t.value !== undefined && typeof t.value !== 'string')) {
      throw new AwsError('ValidationException', `Invalid tag ${JSON.stringify(t)}: tags are { "key": string, "value": string }.`);
    }
    out[t.key] = (t.value as string | undefined) ?? '';
  }
  return out;
}
