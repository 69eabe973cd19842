import { systemClock } from '../core/clock.js';
import { type Metadata, openMetadata } from '../meta/index.js';
import { type CliIo, databaseOf, homeOf } from './cli-io.js';

/**
 * The caller's metadata database (runs and registry), for verbs that read or change recorded
 * state and need nothing else: no artifact store, no runtime, so `godwit runs list` stays light.
 * `use` runs with it open; it is closed afterwards, whatever happens.
 */
export async function withMetadata<T>(io: CliIo, use: (metadata: Metadata, home: string) => Promise<T>): Promise<T> {
  const home = homeOf(io);
  const metadata = await openMetadata(home, systemClock, databaseOf(io));
  try {
    return await use(metadata, home.root);
  } finally {
    await metadata.close();
  }
}
