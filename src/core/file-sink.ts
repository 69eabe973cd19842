import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A file write stream to end a `pipeline`. When the source fails while a write is in flight,
 * `pipeline` destroys the file stream and stops listening; Node's fs stream then reports
 * ERR_STREAM_DESTROYED as that write completes, as an 'error' event with no listener left: an
 * uncaught exception that would end a server. `pipeline` has already rejected with the real error
 * (its own listener sees every error while it runs), so the late one is dropped here.
 */
export function fileSink(path: string, options?: { readonly flags?: string }): WriteStream {
  const stream = createWriteStream(path, options);
  stream.on('error', () => {});
  return stream;
}
