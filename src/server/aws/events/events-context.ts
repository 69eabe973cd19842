import type { Clock } from '../../../core/clock.js';
import type { EventBridgeService } from '../../../events/bus/eventbridge-service.js';

/** What the EventBridge actions need: the application API, and the time a schedule is checked at. */
export interface EventsContext {
  readonly events: EventBridgeService;
  readonly clock: Clock;
}
