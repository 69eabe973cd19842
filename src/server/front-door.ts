import type { Reply, ServerRequest } from './http/exchange.js';
import type { ServerContext } from './server-context.js';

/**
 * One service answering on the server's port: Godwit's REST API, or one AWS service. Each lives in
 * a file of its own (`rest/rest-door.ts`, `aws/sagemaker/sagemaker-door.ts`, …) and is listed in
 * `front-doors.ts`; its code loads on the first request it answers, so a server that only ever
 * answers the REST API never loads the SageMaker translation.
 *
 * `match` says which requests are its own (see `router.ts` for the order the rules apply in):
 * - `aws-json`: AWS JSON protocol, SigV4-signed for `signingName`, `X-Amz-Target: <targetPrefix>.*`;
 * - `aws-rest`: AWS REST protocol, SigV4-signed for `signingName`, path matching `path`;
 * - `godwit`: Godwit's own unsigned HTTP API, path matching `path`.
 */
export interface FrontDoor {
  /** Short and stable: written in the access log (`sagemaker`, `sagemaker-runtime`, `api`). */
  readonly name: string;
  readonly match: DoorMatch;
  /** The door checks credentials itself (the session sign-in): the dispatcher does not authenticate its requests. */
  readonly authenticatesItself?: boolean;
  load(): Promise<DoorHandler>;
}

export type DoorMatch =
  | { readonly protocol: 'aws-json'; readonly signingName: string; readonly targetPrefix: string }
  | { readonly protocol: 'aws-rest'; readonly signingName: string; readonly path: RegExp }
  | { readonly protocol: 'godwit'; readonly path: RegExp };

/** Answers one request. Errors a caller causes are answers in the door's own error shape, not throws. */
export type DoorHandler = (req: ServerRequest, context: ServerContext) => Promise<Reply>;
