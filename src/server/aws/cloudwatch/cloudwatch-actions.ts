import { gunzipSync } from 'node:zlib';
import { checkAccess } from '../../door-authorization.js';
import type { DoorHandler } from '../../front-door.js';
import type { ServerRequest } from '../../http/exchange.js';
import { header } from '../../http/exchange.js';
import type { ServerContext } from '../../server-context.js';
import { AwsError } from '../aws-error.js';
import {
  deleteAlarms,
  describeAlarmHistory,
  describeAlarms,
  describeAlarmsForMetric,
  disableAlarmActions,
  enableAlarmActions,
  putMetricAlarm,
  setAlarmState,
} from './alarm-actions.js';
import { cloudwatchResources } from './cloudwatch-iam.js';
import { asCloudWatchError, ERROR_SHAPES, type In } from './cloudwatch-input.js';
import { getMetricData } from './get-metric-data.js';
import { getMetricStatistics, listMetrics } from './metric-actions.js';
import { putMetricData } from './put-metric-data.js';
import { formToInput, queryError, queryResponse } from './query-protocol.js';

/** The JSON protocol's target prefix for CloudWatch (the service's Smithy name). */
export const CLOUDWATCH_TARGET = 'GraniteServiceVersion20100801';
const JSON_TYPE = 'application/x-amz-json-1.0';
const VERSION = '2010-08-01';

/** The CloudWatch actions Godwit answers, for both protocols; docs/server.md lists their fields. */
const ACTIONS: Readonly<Record<string, (input: In, context: ServerContext) => Promise<object>>> = {
  PutMetricData: putMetricData,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  DescribeAlarmHistory: describeAlarmHistory,
  DeleteAlarms: deleteAlarms,
  SetAlarmState: setAlarmState,
  EnableAlarmActions: enableAlarmActions,
  DisableAlarmActions: disableAlarmActions,
};
/** Output members that are maps (the Query protocol writes them as entry/key/value). */
const MAPS = new Set(['ExtendedStatistics']);

function actionFor(name: string, unknown: AwsError): (input: In, context: ServerContext) => Promise<object> {
  if (!Object.hasOwn(ACTIONS, name)) throw unknown;
  return ACTIONS[name];
}

/** The body, un-gzipped: the AWS SDK compresses PutMetricData bodies over 10 KiB. */
async function bodyText(req: ServerRequest): Promise<string> {
  const raw = await req.body();
  const encoding = header(req, 'content-encoding') ?? '';
  return (/\bgzip\b/i.test(encoding) ? gunzipSync(raw) : raw).toString('utf8');
}

/** AWS JSON 1.0 (`@aws-sdk/client-cloudwatch`), awsQueryCompatible: errors also carry their Query code. */
export const serveCloudWatchJson: DoorHandler = async (req, context) => {
  const target = header(req, 'x-amz-target') ?? '';
  const action = target.startsWith(`${CLOUDWATCH_TARGET}.`) ? target.slice(CLOUDWATCH_TARGET.length + 1) : '';
  try {
    const handler = actionFor(
      action,
      new AwsError(
        'UnknownOperationException',
        `Godwit does not serve the CloudWatch action "${target}". Supported: ${Object.keys(ACTIONS).join(', ')}.`,
      ),
    );
    if (req.method !== 'POST') throw new AwsError('UnknownOperationException', `AWS JSON actions are POSTed, not ${req.method}.`);
    let input: unknown;
    try {
      const text = await bodyText(req);
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new AwsError('SerializationException', 'The request body is not valid JSON.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new AwsError('SerializationException', 'The request body must be a JSON object.');
    await authorized(req, context, action, input as In);
    const output = await handler(input as In, context);
    return { status: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(output, epochDates), operation: action };
  } catch (err) {
    const e = logged(err, req, context);
    const shape = ERROR_SHAPES[e.type] ?? e.type;
    const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-errortype': shape };
    if (ERROR_SHAPES[e.type]) headers['x-amzn-query-error'] = `${e.type};${e.status < 500 ? 'Sender' : 'Receiver'}`;
    const body = JSON.stringify({ __type: `com.amazonaws.cloudwatch#${shape}`, message: e.message });
    return { status: e.status, headers, body, operation: action || target || undefined };
  }
};

/** AWS Query (boto3 before 1.34): form-encoded in, XML out. */
export const serveCloudWatchQuery: DoorHandler = async (req, context) => {
  let action = '';
  try {
    const form = req.method === 'POST' ? new URLSearchParams(await bodyText(req)) : req.query;
    const parsed = formToInput(form);
    action = parsed.action;
    const version = form.get('Version');
    if (version !== null && version !== VERSION)
      throw new AwsError('InvalidParameterValue', `CloudWatch's API version is ${VERSION}, not ${version}.`);
    const handler = actionFor(
      action,
      new AwsError(
        'InvalidAction',
        `Could not find operation ${action || '(no Action)'} for version ${VERSION}. Godwit serves: ${Object.keys(ACTIONS).join(', ')}.`,
      ),
    );
    await authorized(req, context, action, parsed.input);
    const output = await handler(parsed.input, context);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: queryResponse(action, output, req.requestId, MAPS),
      operation: action,
    };
  } catch (err) {
    const e = logged(err, req, context);
    return {
      status: e.status,
      headers: { 'content-type': 'text/xml' },
      body: queryError(e.type, e.message, req.requestId, e.status < 500),
      operation: action || undefined,
    };
  }
};

/** A principal's request is asked of `authorize` first (`cloudwatch:<Action>`); the local caller's is not. */
async function authorized(req: ServerRequest, context: ServerContext, action: string, input: In): Promise<void> {
  await checkAccess(req, context.authorize, 'cloudwatch', `cloudwatch:${action}`, () => cloudwatchResources(input, req.region));
}

function logged(err: unknown, req: ServerRequest, context: ServerContext): AwsError {
  const e = asCloudWatchError(err);
  if (e.status >= 500) context.logError(err, req.requestId);
  return e;
}

/** JSON.stringify's replacer: the JSON protocol's timestamps are epoch seconds. */
function epochDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}
