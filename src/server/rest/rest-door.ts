import type { FrontDoor } from '../front-door.js';

/** Godwit's own REST API: unsigned JSON under `/api/v1/` (docs/server.md lists the routes). */
export const restDoor: FrontDoor = {
  name: 'api',
  match: { protocol: 'godwit', path: /^\/api\/v1(\/|$)/ },
  load: async () => (await import('./rest-api.js')).serveRest,
};
