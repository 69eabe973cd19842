import type { ScalingEngine } from '../autoscaling/scaling-engine.js';
import type { Clock } from '../core/clock.js';
import type { AppServices } from './server-context.js';

/**
 * Application Auto Scaling as `godwit server` runs it: the engine on the server's clock, scaling
 * through the endpoint catalog the front doors use (so a new count wakes the endpoint host at
 * once), and the alarm service's action seam pointing scaling-policy ARNs at it. A pass costs one
 * read of the policies (and of their alarms) per simulated minute, so a server that never scales
 * pays next to nothing.
 */
export async function startAutoscaling(
  services: AppServices,
  clock: Clock,
  log: (line: string) => void,
): Promise<{ readonly engine: ScalingEngine; close(): Promise<void> }> {
  const { ScalingEngine } = await import('../autoscaling/scaling-engine.js');
  const { metadata } = services;
  const engine = new ScalingEngine({
    deps: {
      autoscaling: metadata.autoscaling,
      endpoints: metadata.endpoints,
      alarms: metadata.alarms,
      metrics: metadata.metrics,
      clock,
    },
    log,
  });
  await metadata.alarms.registerActionHandler(engine.actionHandler());
  engine.start();
  return { engine, close: () => engine.close() };
}
