import type { FrontDoor } from '../front-door.js';

/**
 * The UI's sign-in: `POST /api/session` with a bearer token (`{"token": "gw_…"}`, or the
 * `Authorization: Bearer` header) sets the session cookie; `GET` says who the session is;
 * `DELETE` signs out. It checks the token itself, so the dispatcher lets its requests through.
 */
export const sessionDoor: FrontDoor = {
  name: 'session',
  match: { protocol: 'godwit', path: /^\/api\/session$/ },
  authenticatesItself: true,
  load: async () => (await import('./session-route.js')).serveSession,
};
