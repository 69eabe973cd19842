import { AwsError } from './aws/aws-error.js';
import { awsErrorReply } from './aws/json-protocol.js';
import type { DoorHandler, FrontDoor } from './front-door.js';
import type { Reply, ServerRequest } from './http/exchange.js';
import { restError, restNotFound } from './rest/rest-errors.js';
import { route } from './router.js';
import type { ServerContext } from './server-context.js';

/**
 * The server's one request handler: route to a front door, load it on first use, let it answer.
 * A request no door claims gets the error shape its caller expects (AWS's for signed or targeted
 * requests, the REST API's otherwise); a door that throws gets a 500 and a line in the log.
 * `authenticate` sets each request's caller, or answers the refusal in the door's shape.
 */
export function dispatcher(
  doors: readonly FrontDoor[],
  context: ServerContext,
  authenticate?: (req: ServerRequest, door: FrontDoor) => Promise<Reply | undefined>,
) {
  const loaded = new Map<FrontDoor, Promise<DoorHandler>>();
  // Handlers already loaded, called without awaiting their module's promise again.
  const ready = new Map<FrontDoor, DoorHandler>();
  return async (req: ServerRequest): Promise<{ reply: Reply; door?: string }> => {
    const routing = route(req, doors, req.scope);
    if (!('door' in routing)) {
      const reply = routing.aws
        ? awsErrorReply(new AwsError('UnknownOperationException', routing.missing))
        : restNotFound(routing.missing);
      return { reply };
    }
    const { door } = routing;
    try {
      // Before the door loads: a refused request never reaches it (src/server/auth).
      if (authenticate && !door.authenticatesItself) {
        const refused = await authenticate(req, door);
        if (refused) return { reply: refused, door: door.name };
      }
      let handler = ready.get(door);
      if (!handler) {
        let loading = loaded.get(door);
        if (!loading) {
          loading = door.load();
          loaded.set(door, loading);
        }
        handler = await loading;
        ready.set(door, handler);
      }
      return { reply: await handler(req, context), door: door.name };
    } catch (err) {
      context.logError(err, req.requestId);
      return {
        reply:
          door.match.protocol === 'godwit'
            ? restError(err)
            : awsErrorReply(new AwsError('InternalFailure', 'The server hit an internal error.', 500)),
        door: door.name,
      };
    }
  };
}
