import type { EventBusRecord } from '../../../events/bus/eventbridge-records.js';
import type { EventsContext } from './events-context.js';
import {
  type Input,
  invalid,
  objectList,
  optionalString,
  optionalStringList,
  optionalTime,
  pageOf,
  requiredString,
} from './events-input.js';

const busJson = (b: EventBusRecord) => ({ Name: b.name, Arn: b.arn });

/**
 * PutEvents: 1 to 10 entries; each is stored or reported failed, in request order. `TraceHeader`
 * (X-Ray) has no local meaning and is not kept; global endpoints (`EndpointId`) do not exist here.
 */
export async function putEvents(input: Input, context: EventsContext) {
  if (input.EndpointId !== undefined) throw invalid('Godwit has no global endpoints; leave EndpointId out.');
  const entries = objectList(input, 'Entries', 10).map((e) => ({
    source: optionalString(e, 'Source'),
    detailType: optionalString(e, 'DetailType'),
    detail: optionalString(e, 'Detail'),
    resources: optionalStringList(e, 'Resources', 100),
    time: optionalTime(e, 'Time'),
    eventBusName: optionalString(e, 'EventBusName'),
  }));
  const result = await context.events.putEvents(entries);
  return {
    FailedEntryCount: result.failedEntryCount,
    Entries: result.entries.map((r) =>
      'eventId' in r ? { EventId: r.eventId } : { ErrorCode: r.errorCode, ErrorMessage: r.errorMessage },
    ),
  };
}

export async function createEventBus(input: Input, context: EventsContext) {
  if (input.Tags !== undefined) throw invalid('Godwit does not keep tags on event buses; leave Tags out.');
  if (input.EventSourceName !== undefined) {
    throw invalid('Godwit has no partner event sources; leave EventSourceName out.');
  }
  const bus = await context.events.createEventBus(requiredString(input, 'Name'), optionalString(input, 'Description'));
  return { EventBusArn: bus.arn };
}

export async function describeEventBus(input: Input, context: EventsContext) {
  return busJson(await context.events.describeEventBus(optionalString(input, 'Name')));
}

export async function deleteEventBus(input: Input, context: EventsContext) {
  await context.events.deleteEventBus(requiredString(input, 'Name'));
  return {};
}

export async function listEventBuses(input: Input, context: EventsContext) {
  const page = await context.events.listEventBuses(optionalString(input, 'NamePrefix'), pageOf(input));
  return { EventBuses: page.items.map(busJson), NextToken: page.nextToken };
}

export async function testEventPattern(input: Input, context: EventsContext) {
  return { Result: context.events.testEventPattern(requiredString(input, 'EventPattern'), requiredString(input, 'Event')) };
}
