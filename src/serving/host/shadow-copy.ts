import { performance } from 'node:perf_hooks';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';
import type { ShadowResult } from '../shadow/shadow-record.js';
import type { LiveEndpoint } from './live-endpoint.js';

/**
 * Sends a sampled copy of a production request to each shadow variant after the production
 * answer has gone out: the copy starts on `setImmediate`, once the reply is written, so a shadow
 * never delays (nor fails) the caller. Each answer goes to the shadow recorder beside the
 * production one; with no recorder, shadows still serve (their load is real) and nothing is kept.
 */
export function shadowCopy(
  endpoint: LiveEndpoint,
  variantName: string,
  request: InferenceRequest,
  response: InferenceResponse,
  productionMs: number,
  inferenceId: string | undefined,
): void {
  const { seams, random } = endpoint.context;
  for (const shadow of endpoint.shadows) {
    if (shadow.percentage < 100 && !(random() * 100 < shadow.percentage)) continue;
    setImmediate(async () => {
      const began = performance.now();
      let outcome: ShadowResult;
      try {
        const answer = await shadow.pool.invoke(request);
        outcome = { body: answer.body, contentType: answer.contentType, latencyMs: performance.now() - began };
      } catch (error) {
        outcome = { error, latencyMs: performance.now() - began };
      }
      const production: ShadowResult = { body: response.body, contentType: response.contentType, latencyMs: productionMs };
      seams.shadows?.record(endpoint.name, variantName, shadow.name, { ...request, inferenceId }, production, outcome);
    });
  }
}
