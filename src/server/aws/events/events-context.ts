import type { EventBridgeService } from '../../../events/bus/eventbridge-service.js';

/** What the EventBridge actions need: the application API (schedules are checked inside it). */
export interface EventsContext {
  readonly events: EventBridgeService;
}
