import { makeBucket } from '../../store/storage-ops.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';

export const storageMb: Handler<Record<string, never>> = {
  async run({ positionals: [uri], io }) {
    const made = await makeBucket(uri, await storeOptionsFor(io, [uri]));
    write(io.stdout, `make_bucket: ${made}\n`);
    return EXIT.ok;
  },
};
