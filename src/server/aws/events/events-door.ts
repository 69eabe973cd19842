import type { FrontDoor } from '../../front-door.js';

/**
 * Amazon EventBridge (AWS JSON 1.1, signed `events`, `X-Amz-Target: AWSEvents.<Action>`): what
 * `@aws-sdk/client-eventbridge` and boto3's `events` client send to put events and manage buses,
 * rules, targets, archives and replays (docs/server.md lists the actions).
 */
export const eventsDoor: FrontDoor = {
  name: 'events',
  match: { protocol: 'aws-json', signingName: 'events', targetPrefix: 'AWSEvents' },
  load: async () => (await import('./events-actions.js')).serveEvents,
};
