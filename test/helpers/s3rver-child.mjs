// A standalone s3rver for tests and benchmarks, in a process of its own so the client under test
// does not share its event loop: `node s3rver-child.mjs DIR BUCKET…` prints {"port":N} once it
// listens on 127.0.0.1 and serves until killed. Its credentials are s3rver's: S3RVER / S3RVER.
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
