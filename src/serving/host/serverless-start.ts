import type { SlotStarter } from './instance-pool.js';
import { ServerlessPool, type ServerlessPoolOptions } from './serverless-pool.js';
import type { StartContext } from './start-endpoint.js';

/**
 * A serverless variant's pool with the host's clock, idle timeout and `ModelSetupTime` seam, so
 * `start-endpoint.ts` names the variant and its config and nothing else about serverless.
 */
export function serverlessPool(
  ctx: StartContext,
  start: SlotStarter,
  variant: Pick<ServerlessPoolOptions, 'endpointName' | 'variantName' | 'config' | 'log'>,
): ServerlessPool {
  const setup = ctx.seams.modelSetup;
  return new ServerlessPool(start, {
    ...variant,
    clock: ctx.clock,
    idleMs: ctx.serverlessIdleMs,
    onColdStart: setup && ((microseconds) => setup(variant.endpointName, variant.variantName, microseconds)),
  });
}
