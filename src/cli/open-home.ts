import { systemClock } from '../core/clock.js';
import { ensureWritableHome } from '../core/home.js';
import { type Metadata, openMetadata } from '../meta/index.js';
import { type CliIo, databaseOf, homeOf } from './cli-io.js';

/**
 * The caller's metadata database (runs and registry), for verbs that read or change recorded
 * state and need nothing else: no artifact store, no runtime, so `godwit runs list` stays light.
 * `use` runs with it open; it is closed afterwards, whatever happens.
 */
export async function withMetadata<T>(io: CliIo, use: (metadata: Metadata, home: string) => Promise<T>): Promise<T> {
  const metadata = await openHome(io);
  try {
    return await use(metadata, homeOf(io).root);
  } finally {
    await metadata.close();
  }
}

/** The caller's metadata database, opened; the caller closes it. */
export async function openHome(io: CliIo): Promise<Metadata> {
  const home = homeOf(io);
  // As for `godwit run`: a home that cannot be written says so (SQLite writes beside the file even to read it).
  ensureWritableHome(home);
  return openMetadata(home, systemClock, databaseOf(io));
}
