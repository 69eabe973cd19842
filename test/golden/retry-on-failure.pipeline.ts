/**
 * Retry policies as KFP and Step Functions hold them: every failed attempt retried (`retry.on`
 * left at its default: error, timeout, interrupted), with a capped exponential backoff.
 * SageMaker Pipelines never retries a job that failed in its own code, and refuses this.
 */
import { pipeline, processing } from 'godwit';

const extract = processing('extract', {
  command: ['python3'],
  code: 'steps/extract.py',
  outputs: { rows: 'dataset' },
  retry: { maxAttempts: 5, backoff: { initialSeconds: 2, rate: 3, maxSeconds: 120 } },
});
const load = processing('load', {
  command: ['python3'],
  code: 'steps/load.py',
  inputs: { rows: extract.output('rows') },
  retry: { maxAttempts: 2 },
});

export default pipeline('retry-on-failure', {
  description: 'Golden case: retries of failed attempts with a capped backoff.',
  steps: [load],
});
