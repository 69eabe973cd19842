/**
 * A counter bumped whenever this process changes principals, keys or tokens, so the server's
 * authenticator (src/server/auth) drops what it cached at once; changes made by another process
 * (the CLI) are seen on its next timed re-check. Its own module so the server reads it without
 * loading the store.
 */
let generation = 0;

export function principalsChanged(): void {
  generation++;
}

export function principalsGeneration(): number {
  return generation;
}
