import { withDefaults } from '../../alarms/alarm-definition-check.js';
import type { ComparisonOperator, MissingDataTreatment } from '../../alarms/alarm-records.js';
import { EXIT, json, UsageError, write } from '../cli-io.js';
import { withMetadata } from '../open-home.js';
import type { alarmsCreateOptions } from '../spec/alarms-specs.js';
import type { Handler, Values } from '../spec/command-spec.js';

const OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  '>': 'GreaterThanThreshold',
  '>=': 'GreaterThanOrEqualToThreshold',
  '<': 'LessThanThreshold',
  '<=': 'LessThanOrEqualToThreshold',
};

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} "${text}" is not a number.`);
  return n;
}

/** The metric's dimensions: `--endpoint`/`--variant` as SageMaker's, then each `--dimension NAME=VALUE`. */
function dimensionsOf(values: Values<typeof alarmsCreateOptions>): Record<string, string> {
  const out: Record<string, string> = {};
  if (values.endpoint !== undefined) {
    out.EndpointName = values.endpoint;
    out.VariantName = values.variant ?? 'AllTraffic';
  } else if (values.variant !== undefined) throw new UsageError('--variant needs --endpoint.');
  for (const pair of values.dimension ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--dimension "${pair}" is not NAME=VALUE.`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** `godwit alarm create NAME …`: PutMetricAlarm through the library; no server needed. */
export const alarmsCreate: Handler<typeof alarmsCreateOptions> = {
  run: ({ values, positionals: [name], io }) =>
    withMetadata(io, async ({ alarms }) => {
      const evaluationPeriods = number(values['evaluation-periods'], '--evaluation-periods') ?? 1;
      const comparison = values.comparison ?? '>';
      const record = await alarms.put(
        withDefaults({
          name,
          description: values.description,
          namespace: values.namespace ?? 'AWS/SageMaker',
          metricName: values.metric as string,
          dimensions: dimensionsOf(values),
          statistic: values.statistic ?? 'Average',
          unit: values.unit,
          period: number(values.period, '--period') ?? 60,
          evaluationPeriods,
          datapointsToAlarm: number(values['datapoints-to-alarm'], '--datapoints-to-alarm') ?? evaluationPeriods,
          threshold: number(values.threshold, '--threshold') as number,
          comparisonOperator: OPERATORS[comparison] ?? (comparison as ComparisonOperator),
          treatMissingData: (values['treat-missing-data'] ?? 'missing') as MissingDataTreatment,
          alarmActions: values.action ?? [],
          okActions: values['ok-action'] ?? [],
        }),
      );
      if (values.json) json(io, record);
      else
        write(
          io.stdout,
          `Alarm "${record.name}" is ${record.state}: ${record.metricName} ${record.statistic} ${comparison} ${record.threshold}, ` +
            `${record.datapointsToAlarm} of ${record.evaluationPeriods} × ${record.period} s. The server evaluates it every 10 s of its clock.`,
        );
      return EXIT.ok;
    }),
};
