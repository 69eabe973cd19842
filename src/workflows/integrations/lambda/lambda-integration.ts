import { randomUUID } from 'node:crypto';
import type { Json } from '../../asl/asl-types.js';
import { StatesError } from '../../asl/states-error.js';
import type { Delivery, TaskCall, TaskIntegration } from '../../engine/task-integration.js';
import { lambdaFunctionName, serviceResource } from '../resource-arn.js';
import { parametersObject } from '../task-input.js';
import type { LocalFunctions } from './local-functions.js';

/** The way out named when a function is not mapped. */
export const LAMBDA_HINT =
  'Map it in godwit.config.yaml: workflows: { lambdas: { "<name or glob>": { command: [program, args...] } } } (JSON event on stdin, JSON result on stdout) or { module: ./file.ts#handler }; see docs/workflows-integrations.md.';

/**
 * Lambda, as `workflows.lambdas` maps functions to local commands and modules:
 * `arn:aws:states:::lambda:invoke` (and `.waitForTaskToken`) takes `FunctionName` (a name, an ARN,
 * with or without a version) and `Payload`, and answers Invoke's response as Step Functions shows
 * it (`ExecutedVersion`, `Payload`, `SdkHttpMetadata`, `SdkResponseMetadata`, `StatusCode`); a bare
 * function ARN (`arn:aws:lambda:…:function:NAME`) answers the function's result itself. At least
 * once: a call repeated after a restart runs the function again.
 */
export class LambdaIntegration implements TaskIntegration {
  readonly name = 'lambda';

  constructor(private readonly functions: LocalFunctions) {}

  supports(resource: string): boolean {
    const service = serviceResource(resource);
    if (service) return !service.sdk && service.service === 'lambda' && service.action === 'invoke' && service.pattern !== 'sync';
    const name = lambdaFunctionName(resource);
    return name !== undefined && this.functions.find(name) !== undefined;
  }

  delivery(): Delivery {
    return 'at-least-once';
  }

  async invoke(call: TaskCall): Promise<Json> {
    const bare = lambdaFunctionName(call.resource);
    if (bare !== undefined) return this.run(bare, call.parameters, call);
    const params = parametersObject(call);
    const name = functionNameOf(params.FunctionName);
    const payload = typeof params.Payload === 'string' ? parsePayload(params.Payload) : (params.Payload ?? {});
    if (params.InvocationType === 'DryRun') return { StatusCode: 204, Payload: '' };
    const result = await this.run(name, payload, call);
    const requestId = randomUUID();
    const body = JSON.stringify(result);
    return {
      ExecutedVersion: '$LATEST',
      Payload: result,
      SdkHttpMetadata: {
        HttpHeaders: {
          'Content-Length': String(Buffer.byteLength(body)),
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': '$LATEST',
          'x-amzn-RequestId': requestId,
        },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
  }

  private run(name: string, payload: Json, call: TaskCall): Promise<Json> {
    const fn = this.functions.find(name);
    if (!fn)
      throw new StatesError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${name} (state "${call.stateName}"). ${LAMBDA_HINT}`,
      );
    return fn(payload, call.signal);
  }
}

/** `my-fn`, `my-fn:prod`, `123456789012:function:my-fn`, `arn:aws:lambda:…:function:my-fn:1` → `my-fn`. */
function functionNameOf(value: Json | undefined): string {
  if (typeof value !== 'string' || value === '')
    throw new StatesError('Lambda.InvalidParameterValueException', 'FunctionName is required and must be a string.');
  const m = /(?:^|:function:)([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/.exec(value);
  return m?.[1] ?? value;
}

function parsePayload(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new StatesError('Lambda.InvalidRequestContentException', 'Payload is not valid JSON.');
  }
}
