import type { ArchiveRecord } from '../../../events/bus/eventbridge-records.js';
import type { EventsContext } from './events-context.js';
import {
  epochSeconds,
  type Input,
  integerIfGiven,
  optionalEnum,
  optionalString,
  pageOf,
  requiredString,
} from './events-input.js';

const ARCHIVE_STATES = ['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED'] as const;

const archiveJson = (a: ArchiveRecord) => ({
  ArchiveName: a.archiveName,
  EventSourceArn: a.eventSourceArn,
  State: a.state,
  RetentionDays: a.retentionDays ?? 0,
  SizeBytes: a.sizeBytes,
  EventCount: a.eventCount,
  CreationTime: epochSeconds(a.creationTime),
});

export async function createArchive(input: Input, context: EventsContext) {
  const archive = await context.events.createArchive({
    archiveName: requiredString(input, 'ArchiveName'),
    eventSourceArn: requiredString(input, 'EventSourceArn'),
    description: optionalString(input, 'Description'),
    eventPattern: optionalString(input, 'EventPattern'),
    retentionDays: integerIfGiven(input, 'RetentionDays', 0, 2_147_483_647),
  });
  return { ArchiveArn: archive.archiveArn, State: archive.state, CreationTime: epochSeconds(archive.creationTime) };
}

export async function describeArchive(input: Input, context: EventsContext) {
  const a = await context.events.describeArchive(requiredString(input, 'ArchiveName'));
  return { ...archiveJson(a), ArchiveArn: a.archiveArn, Description: a.description, EventPattern: a.eventPattern };
}

export async function updateArchive(input: Input, context: EventsContext) {
  const a = await context.events.updateArchive(requiredString(input, 'ArchiveName'), {
    description: optionalString(input, 'Description'),
    eventPattern: optionalString(input, 'EventPattern'),
    retentionDays: integerIfGiven(input, 'RetentionDays', 0, 2_147_483_647),
  });
  return { ArchiveArn: a.archiveArn, State: a.state, CreationTime: epochSeconds(a.creationTime) };
}

export async function listArchives(input: Input, context: EventsContext) {
  const state = optionalEnum(input, 'State', ARCHIVE_STATES);
  const page = await context.events.listArchives(
    { namePrefix: optionalString(input, 'NamePrefix'), eventSourceArn: optionalString(input, 'EventSourceArn') },
    pageOf(input),
  );
  const items = state === undefined ? page.items : page.items.filter((a) => a.state === state);
  return { Archives: items.map(archiveJson), NextToken: page.nextToken };
}

export async function deleteArchive(input: Input, context: EventsContext) {
  await context.events.deleteArchive(requiredString(input, 'ArchiveName'));
  return {};
}
