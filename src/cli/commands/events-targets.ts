import type { Target } from '../../events/bus/eventbridge-records.js';
import type { EventBridgeService, TargetsResult } from '../../events/bus/eventbridge-service.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler, Values } from '../spec/command-spec.js';
import type { eventsTargetsOptions, TARGET_ACTIONS } from '../spec/events-specs.js';
import { intFlag, jsonText, pairs, refuseStray } from './events-flags.js';
import { allPages, withEventBridge } from './events-service.js';

type Action = (typeof TARGET_ACTIONS)[number];
type TargetValues = Values<typeof eventsTargetsOptions>;

const ADD = ['id', 'arn', 'input', 'input-path', 'input-template', 'input-paths', 'param', 'max-attempts', 'max-age'];
const FLAGS: Readonly<Record<Action, readonly string[]>> = { list: [], add: ADD, remove: ['id'] };

/** `godwit events targets ACTION RULE`: a rule's targets, through the EventBridge service; no server needed. */
export const eventsTargets: Handler<typeof eventsTargetsOptions> = {
  run: async ({ values, positionals: [action, rule], io }) => {
    const act = action as Action;
    refuseStray(`targets ${act}`, values, FLAGS[act]);
    return withEventBridge(io, async (events) => {
      if (act === 'list') return list(events, rule as string, values, io);
      const result =
        act === 'add'
          ? await events.putTargets(rule as string, values.bus, [targetOf(values, io.cwd)])
          : await events.removeTargets(rule as string, values.bus, [required(values.id, 'id', 'remove')]);
      report(result, act, rule as string, values, io);
      return result.failedEntryCount > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};

async function list(events: EventBridgeService, rule: string, values: TargetValues, io: Parameters<typeof json>[0]) {
  const targets = await allPages((page) => events.listTargetsByRule(rule, values.bus, page));
  if (values.json) json(io, targets);
  else if (targets.length === 0)
    write(io.stdout, `Rule "${rule}" has no targets. Add one with: godwit events targets add ${rule} --arn ARN`);
  else
    write(
      io.stdout,
      table(
        ['ID', 'ARN', 'INPUT'],
        targets.map((t) => [t.id, t.arn, inputOf(t)]),
      ),
    );
  return EXIT.ok;
}

const inputOf = (t: Target) =>
  t.input !== undefined
    ? `input ${t.input}`
    : t.inputPath
      ? `path ${t.inputPath}`
      : t.inputTransformer
        ? 'transformer'
        : 'the event';

function report(result: TargetsResult, act: Action, rule: string, values: TargetValues, io: Parameters<typeof json>[0]) {
  if (values.json) return json(io, result);
  for (const f of result.failedEntries) write(io.stdout, `Target ${f.targetId} failed: ${f.errorCode}: ${f.errorMessage}`);
  if (result.failedEntryCount === 0)
    write(
      io.stdout,
      `${act === 'add' ? 'Added' : 'Removed'} target ${values.id ?? '1'} ${act === 'add' ? 'to' : 'from'} rule "${rule}".`,
    );
}

const required = (value: string | undefined, flag: string, act: string) => {
  if (value === undefined) throw new UsageError(`godwit events targets ${act} needs --${flag}.`);
  return value;
};

function targetOf(values: TargetValues, cwd: string): Target {
  const paths = pairs(values['input-paths'], 'input-paths');
  if (paths.length > 0 && values['input-template'] === undefined)
    throw new UsageError('--input-paths goes with --input-template.');
  const attempts = intFlag(values['max-attempts'], 'max-attempts', 0, 185);
  const age = intFlag(values['max-age'], 'max-age', 60, 86_400);
  const params = pairs(values.param, 'param');
  return {
    id: values.id ?? '1',
    arn: required(values.arn, 'arn', 'add'),
    input: values.input === undefined ? undefined : jsonText(values.input, 'input', cwd),
    inputPath: values['input-path'],
    inputTransformer:
      values['input-template'] === undefined
        ? undefined
        : { inputTemplate: values['input-template'], inputPathsMap: paths.length > 0 ? Object.fromEntries(paths) : undefined },
    sageMakerPipelineParameters: params.length > 0 ? params.map(([name, value]) => ({ name, value })) : undefined,
    retryPolicy:
      attempts === undefined && age === undefined
        ? undefined
        : { maximumRetryAttempts: attempts ?? 185, maximumEventAgeInSeconds: age ?? 86_400 },
  };
}
