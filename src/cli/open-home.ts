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
  const home = homeOf(io);
  // As for `godwit run`: a home that cannot be written says so (SQLite writes beside the file even to read it).
  ensureWritableHome(home);
  const metadata = await openMetadata(home, systemClock, databaseOf(io));
  try {
    return await use(metadata, home.root);
  } finally {
    await metadata.close();
  }
}
