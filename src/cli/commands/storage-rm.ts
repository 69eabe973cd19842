import { removeLocation } from '../../store/storage-ops.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { storageRmOptions } from '../spec/storage-specs.js';
import { asPrincipal } from './storage-as.js';

export const storageRm: Handler<typeof storageRmOptions> = {
  async run({ values, positionals: [uri], io }) {
    const options = await storeOptionsFor(io, [uri]);
    await asPrincipal(io, values.as, options, (o) =>
      removeLocation(uri, { ...o, recursive: values.recursive, report: (line) => write(io.stdout, line) }),
    );
    return EXIT.ok;
  },
};
