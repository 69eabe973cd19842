import type { ReplayRecord } from '../../events/bus/eventbridge-records.js';
import type { EventBridgeService } from '../../events/bus/eventbridge-service.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { eventsReplayOptions, REPLAY_ACTIONS } from '../spec/events-specs.js';
import { refuseStray, timeFlag } from './events-flags.js';
import { allPages, withEventBridge } from './events-service.js';

type Action = (typeof REPLAY_ACTIONS)[number];
type ReplayValues = Values<typeof eventsReplayOptions>;

const FLAGS: Readonly<Record<Action, readonly string[]>> = {
  start: ['archive', 'from', 'to', 'rule'],
  list: ['prefix'],
  describe: [],
  cancel: [],
};
const when = (d: Date | undefined) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '');

/** `godwit events replay ACTION [NAME]`: StartReplay and friends; the server carries replays out. */
export const eventsReplay: Handler<typeof eventsReplayOptions> = {
  run: async ({ values, positionals: [action, name], io }) => {
    const act = action as Action;
    refuseStray(`replay ${act}`, values, FLAGS[act]);
    if (act !== 'list' && name === undefined) throw new UsageError(`godwit events replay ${act} needs the replay's NAME.`);
    return withEventBridge(io, async (events) => {
      const answer = await run(events, act, name as string, values);
      if (values.json) json(io, answer);
      else if (act === 'list') write(io.stdout, listing(answer as ReplayRecord[]));
      else write(io.stdout, describe(answer as ReplayRecord));
      return EXIT.ok;
    });
  },
};

async function run(events: EventBridgeService, act: Action, name: string, values: ReplayValues): Promise<unknown> {
  if (act === 'list') return allPages((page) => events.listReplays({ namePrefix: values.prefix }, page));
  if (act === 'describe') return events.describeReplay(name);
  if (act === 'cancel') return events.cancelReplay(name);
  if (!values.archive || !values.from) throw new UsageError('godwit events replay start needs --archive and --from.');
  const archive = await events.describeArchive(values.archive);
  const busArn = archive.eventSourceArn;
  const bus = busArn.slice(busArn.indexOf(':event-bus/') + ':event-bus/'.length);
  const rules = values.rule && (await Promise.all(values.rule.map(async (r) => (await events.describeRule(r, bus)).arn)));
  return events.startReplay({
    replayName: name,
    eventSourceArn: archive.archiveArn,
    eventStartTime: timeFlag(values.from, 'from'),
    eventEndTime: values.to ? timeFlag(values.to, 'to') : new Date(),
    destination: { arn: busArn, filterArns: rules },
  });
}

const listing = (replays: readonly ReplayRecord[]) =>
  replays.length === 0
    ? 'No replays. Start one with: godwit events replay start NAME --archive ARCHIVE --from TIME'
    : table(
        ['REPLAY', 'STATE', 'FROM', 'TO', 'LAST REPLAYED'],
        replays.map((r) => [r.replayName, r.state, when(r.eventStartTime), when(r.eventEndTime), when(r.eventLastReplayedTime)]),
      );

const describe = (r: ReplayRecord) =>
  [
    `Replay ${r.replayName}: ${r.state}${r.stateReason ? ` (${r.stateReason})` : ''}`,
    `  Archive: ${r.eventSourceArn}`,
    `  Events from ${when(r.eventStartTime)} to ${when(r.eventEndTime)}; last replayed ${when(r.eventLastReplayedTime) || '—'}`,
    `  Destination: ${r.destination.arn}${r.destination.filterArns ? ` (rules ${r.destination.filterArns.join(', ')})` : ''}`,
  ].join('\n');
