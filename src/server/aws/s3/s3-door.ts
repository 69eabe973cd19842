import type { FrontDoor } from '../../front-door.js';

/**
 * S3 (REST protocol, signed `s3`): every path, since any path may name a bucket. A request
 * signed for S3 comes here whatever its path (a bucket called `api` is S3's); an unsigned one
 * never does (see router.ts). Objects stream through: the handler takes node's request and
 * response over, so no body is held in memory or limited to the server's body limit.
 */
export const s3Door: FrontDoor = {
  name: 's3',
  match: { protocol: 'aws-rest', signingName: 's3', path: /^\// },
  load: async () => (await import('./serve-s3.js')).serveS3,
};
