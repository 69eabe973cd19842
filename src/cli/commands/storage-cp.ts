import { copyLocation } from '../../store/storage-ops.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { storageCpOptions } from '../spec/storage-specs.js';
import { asPrincipal } from './storage-as.js';

export const storageCp: Handler<typeof storageCpOptions> = {
  async run({ values, positionals: [from, to], io }) {
    const options = await storeOptionsFor(io, [from, to]);
    await asPrincipal(io, values.as, options, (o) =>
      copyLocation(from, to, { ...o, recursive: values.recursive, report: (line) => write(io.stdout, line) }),
    );
    return EXIT.ok;
  },
};
