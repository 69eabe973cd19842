import type { ReplayRecord, ReplayState } from '../../../events/bus/eventbridge-records.js';
import type { EventsContext } from './events-context.js';
import {
  epochSeconds,
  type Input,
  invalid,
  optionalEnum,
  optionalObject,
  optionalString,
  optionalStringList,
  optionalTime,
  pageOf,
  requiredString,
} from './events-input.js';

const STATES: readonly ReplayState[] = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'];

const replayJson = (r: ReplayRecord) => ({
  ReplayName: r.replayName,
  EventSourceArn: r.eventSourceArn,
  State: r.state,
  StateReason: r.stateReason,
  EventStartTime: epochSeconds(r.eventStartTime),
  EventEndTime: epochSeconds(r.eventEndTime),
  EventLastReplayedTime: epochSeconds(r.eventLastReplayedTime),
  ReplayStartTime: epochSeconds(r.replayStartTime),
  ReplayEndTime: epochSeconds(r.replayEndTime),
});

const requiredTime = (input: Input, field: string) => {
  const at = optionalTime(input, field);
  if (!at)
    throw invalid(
      `1 validation error detected: Value at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return at;
};

export async function startReplay(input: Input, context: EventsContext) {
  const destination = optionalObject(input, 'Destination');
  if (!destination)
    throw invalid("1 validation error detected: Value at 'destination' failed to satisfy constraint: Member must not be null");
  const replay = await context.events.startReplay({
    replayName: requiredString(input, 'ReplayName'),
    description: optionalString(input, 'Description'),
    eventSourceArn: requiredString(input, 'EventSourceArn'),
    eventStartTime: requiredTime(input, 'EventStartTime'),
    eventEndTime: requiredTime(input, 'EventEndTime'),
    destination: { arn: requiredString(destination, 'Arn'), filterArns: optionalStringList(destination, 'FilterArns', 100) },
  });
  return {
    ReplayArn: replay.replayArn,
    State: replay.state,
    StateReason: replay.stateReason,
    ReplayStartTime: epochSeconds(replay.replayStartTime),
  };
}

export async function describeReplay(input: Input, context: EventsContext) {
  const r = await context.events.describeReplay(requiredString(input, 'ReplayName'));
  return {
    ...replayJson(r),
    ReplayArn: r.replayArn,
    Description: r.description,
    Destination: { Arn: r.destination.arn, FilterArns: r.destination.filterArns },
  };
}

export async function cancelReplay(input: Input, context: EventsContext) {
  const r = await context.events.cancelReplay(requiredString(input, 'ReplayName'));
  return { ReplayArn: r.replayArn, State: r.state, StateReason: r.stateReason };
}

export async function listReplays(input: Input, context: EventsContext) {
  const page = await context.events.listReplays(
    {
      namePrefix: optionalString(input, 'NamePrefix'),
      state: optionalEnum(input, 'State', STATES),
      eventSourceArn: optionalString(input, 'EventSourceArn'),
    },
    pageOf(input),
  );
  return { Replays: page.items.map(replayJson), NextToken: page.nextToken };
}
