import { makeBucket } from '../../store/storage-ops.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { storageMbOptions } from '../spec/storage-specs.js';

export const storageMb: Handler<typeof storageMbOptions> = {
  async run({ values, positionals: [uri], io }) {
    // Before the local S3 server is reached (or started): a refusal touches nothing.
    if (values.as !== undefined) await mayCreateBucket(io, values.as, uri);
    const made = await makeBucket(uri, await storeOptionsFor(io, [uri]));
    write(io.stdout, `make_bucket: ${made}\n`);
    return EXIT.ok;
  },
};

/** `mb --as P`: a bucket is no registered location's, so IAM decides alone (s3:CreateBucket on arn:aws:s3:::BUCKET), logged. */
async function mayCreateBucket(io: Parameters<typeof storeOptionsFor>[0], as: string, uri: string): Promise<void> {
  const bucket = /^s3:\/\/([^/]+)/i.exec(uri)?.[1];
  if (bucket === undefined) return; // makeBucket refuses it with its own message
  const { withMetadata } = await import('../open-home.js');
  await withMetadata(io, async (metadata) => {
    const { resolveRunAs } = await import('../../runtime/run-caller.js');
    const { makeAuthorize } = await import('../../governance/principals/policy.js');
    const { caller } = await resolveRunAs(as, (name) => metadata.principals.get(name));
    const authorize = makeAuthorize(metadata.accessLog);
    try {
      await authorize(caller, 's3:CreateBucket', `arn:aws:s3:::${bucket}`, 'godwit storage');
    } finally {
      await authorize.flush();
    }
  });
}
