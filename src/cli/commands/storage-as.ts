import type { StoreOptions } from '../../store/index.js';
import type { CliIo } from '../cli-io.js';

/**
 * `godwit storage … --as PRINCIPAL`: runs `work` with store options whose stores check every call
 * as the principal (src/governance/stores), each decision in the access log. Without `--as`, the
 * options are used as they are and the home's metadata is not opened.
 */
export async function asPrincipal<O extends StoreOptions, T>(
  io: CliIo,
  as: string | undefined,
  options: O,
  work: (options: O) => Promise<T>,
): Promise<T> {
  if (as === undefined) return work(options);
  const { withMetadata } = await import('../open-home.js');
  return withMetadata(io, async (metadata) => {
    const { resolveRunAs } = await import('../../runtime/run-caller.js');
    const { storeGovernance } = await import('../../governance/stores/store-governance.js');
    const { caller } = await resolveRunAs(as, (name) => metadata.principals.get(name));
    const governed = storeGovernance(caller, metadata, 'godwit storage');
    return work({ ...options, governed });
  });
}
