import { performance } from 'node:perf_hooks';
import type { InferenceRequest, InferenceResponse } from '../model-runtime.js';
import type { ShadowOutcome } from './host-seams.js';
import type { LiveEndpoint } from './live-endpoint.js';

/**
 * Sends a sampled copy of a production request to each shadow variant, after the production
 * answer has gone out: the copy starts on `setImmediate`, once the reply is written, so a shadow
 * never delays (or fails) the caller. Each answer is handed to the shadow recorder beside the
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
  const { seams, clock, random } = endpoint.context;
  for (const shadow of endpoint.shadows) {
    if (shadow.fraction < 1 && random() >= shadow.fraction) continue;
    const at = clock.now();
    setImmediate(async () => {
      const began = performance.now();
      let outcome: ShadowOutcome;
      try {
        const answer = await shadow.pool.invoke(request);
        outcome = { variantName: shadow.name, response: answer, latencyUs: micros(began) };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        outcome = {
          variantName: shadow.name,
          error: { code: e.code ?? 'E_INTERNAL', message: String(e.message) },
          latencyUs: micros(began),
        };
      }
      try {
        seams.shadows?.record({
          endpointName: endpoint.name,
          inferenceId,
          at,
          request,
          production: { variantName, response, latencyUs: Math.round(productionMs * 1000) },
          shadow: outcome,
        });
      } catch {
        // A recorder that throws must not take the server down; it loses only its own record.
      }
    });
  }
}

function micros(began: number): number {
  return Math.round((performance.now() - began) * 1000);
}
