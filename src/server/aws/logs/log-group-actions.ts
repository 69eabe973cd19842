import type { ServerRequest } from '../../http/exchange.js';
import { arn } from '../arns.js';
import type { Input } from '../aws-input.js';
import { page } from '../pagination.js';
import type { LogsContext } from './logs-context.js';
import { groupOf, invalid, optionalBoolean, optionalInteger, optionalString } from './logs-input.js';

const ORDERS = ['LogStreamName', 'LastEventTime'] as const;

/** DescribeLogGroups: by name, ascending; `logGroupNamePrefix` or `logGroupNamePattern` (a substring, any case). */
export async function describeLogGroups(input: Input, context: LogsContext, req: ServerRequest) {
  const prefix = optionalString(input, 'logGroupNamePrefix');
  const pattern = optionalString(input, 'logGroupNamePattern');
  if (prefix !== undefined && pattern !== undefined) {
    throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const limit = optionalInteger(input, 'limit', 1, 50, 50);
  const groups = (await context.logs.groups(prefix)).filter(
    (g) => pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase()),
  );
  const { items, nextToken } = page(groups, (g) => g.name, optionalString(input, 'nextToken'), limit);
  return {
    logGroups: items.map((g) => {
      const groupArn = arn('logs', req.region, `log-group:${g.name}`);
      return {
        logGroupName: g.name,
        creationTime: g.creationTime,
        metricFilterCount: 0,
        arn: `${groupArn}:*`,
        logGroupArn: groupArn,
        storedBytes: g.storedBytes,
        logGroupClass: 'STANDARD',
      };
    }),
    nextToken,
  };
}

/** DescribeLogStreams: by name (or by last event time, without a prefix), ascending unless `descending`. */
export async function describeLogStreams(input: Input, context: LogsContext, req: ServerRequest) {
  const group = groupOf(input);
  const prefix = optionalString(input, 'logStreamNamePrefix');
  const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
  if (!(ORDERS as readonly string[]).includes(orderBy)) {
    throw invalid(`orderBy must be one of ${ORDERS.join(', ')}, not ${JSON.stringify(orderBy)}.`);
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const limit = optionalInteger(input, 'limit', 1, 50, 50);
  const streams = await context.logs.streams(group, {
    prefix,
    orderBy: orderBy as (typeof ORDERS)[number],
    descending: optionalBoolean(input, 'descending'),
  });
  const { items, nextToken } = page(streams, (s) => s.name, optionalString(input, 'nextToken'), limit);
  return {
    logStreams: items.map((s) => ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      firstEventTimestamp: s.firstEventTimestamp,
      lastEventTimestamp: s.lastEventTimestamp,
      lastIngestionTime: s.lastIngestionTime,
      arn: arn('logs', req.region, `log-group:${group}:log-stream:${s.name}`),
      storedBytes: s.storedBytes,
    })),
    nextToken,
  };
}
