/**
 * How an AWS JSON door names each action's IAM action and resource, as AWS's service
 * authorization reference does: the action is `<service>:<Action>` (generic), the resource an ARN
 * read from the input field that names it, `*` for actions without one (List*, most Describe*
 * of a collection), as AWS does.
 */
export interface IamRules {
  /** The IAM service prefix: `sagemaker`, `states`, `events`, `logs`, `application-autoscaling`. */
  readonly service: string;
  /** Written in the access log as `via`: the door's name. */
  readonly door: string;
  /** The ARN(s) the action acts on, from its input; `*` when none. */
  resource(action: string, input: Readonly<Record<string, unknown>>, region: string): string | readonly string[];
}

/** A string field's value, or undefined for an absent, empty or non-string one. */
export function field(input: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = input[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `EndpointConfig` → `endpoint-config`: a SageMaker resource type from its noun. */
export function kebab(noun: string): string {
  return noun.replace(/(?<!^)[A-Z]/g, (c) => `-${c}`).toLowerCase();
}

/**
 * The Lake Formation door's rules (the door is the catalog's; this is its hook): every action is
 * `lakeformation:<Action>` on `*`, as IAM has no resource-level permissions for Lake Formation,
 * whose own grants then decide what a principal sees. A restJson1 door asks with
 * `checkAccess(req, context.authorize, 'lakeformation', `lakeformation:${operation}`, () => '*')`.
 */
export const LAKEFORMATION_IAM: IamRules = { service: 'lakeformation', door: 'lakeformation', resource: () => '*' };
