/**
 * Values read from a step's JSON output (SageMaker property files): a condition compares one with
 * a parameter, a later step receives one as an argument, and the fail message quotes one.
 */
import { condition, fail, join, lte, param, pipeline, processing, propertyFile } from 'godwit';

const maxError = param.float('max_error', 0.25);

const report = propertyFile('Evaluation', 'evaluation', 'evaluation.json');
const evaluate = processing('evaluate', {
  command: ['python3'],
  code: 'steps/evaluate.py',
  outputs: { evaluation: 'metrics' },
  propertyFiles: [report],
});
const error = evaluate.jsonGet(report, 'metrics.error.value');
const deploy = processing('deploy', {
  command: ['python3'],
  code: 'steps/deploy.py',
  args: ['--error', error, '--label', evaluate.jsonGet(report, 'model.label')],
});
const stop = fail('error-too-high', { message: join(['Error ', error, ' is above ', maxError]) });
const gate = condition('check-error', { if: lte(error, maxError), then: [deploy], else: [stop] });

export default pipeline('json-get', {
  description: 'Golden case: JsonGet in a condition, an argument and a message.',
  parameters: [maxError],
  steps: [gate],
});
