/**
 * A reader that stops early (`godwit runs logs … | head`) closes the pipe, and the next write
 * fails with EPIPE. That is not an error of the command: the output simply ends. Without a
 * listener Node throws it as an uncaught exception — a stack trace, and a `godwit run` whose
 * progress is piped would die mid-run, leaving the run "interrupted". With this, later writes go
 * nowhere and the command carries on: a run finishes and is recorded, a reading command exits 0.
 */
export function endQuietlyWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}
