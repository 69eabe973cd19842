import { createHash } from 'node:crypto';

/** SageMaker's longest model name. */
const MAX_NAME = 63;

/**
 * The name of the model a run's model step creates, as SageMaker names a pipeline's resources
 * (`pipelines-<execution id>-<step>`), within SageMaker's model name rules (letters, digits and
 * hyphens, at most 63): a step name that does not fit is cut and given a hash of itself, so two
 * steps never share a name. The same run and step always give the same name, which is what lets
 * a resumed run, `ListPipelineExecutionSteps` and a `ModelName` reference find the model again.
 */
export function pipelineModelName(runId: string, step: string): string {
  const prefix = `pipelines-${runId}-`.replace(/[^A-Za-z0-9-]+/g, '-');
  const tidy = step.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const room = MAX_NAME - prefix.length;
  if (tidy !== '' && tidy.length <= room && tidy === step) return prefix + tidy;
  const hash = createHash('sha256').update(step).digest('hex').slice(0, 8);
  const head = tidy.slice(0, Math.max(0, room - hash.length - 1)).replace(/-+$/, '');
  const name = head === '' ? `${prefix}${hash}` : `${prefix}${head}-${hash}`;
  return name.length <= MAX_NAME
    ? name
    : `pipelines-${createHash('sha256').update(`${runId}\0${step}`).digest('hex').slice(0, 40)}`;
}
