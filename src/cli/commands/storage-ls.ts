import { listLocation } from '../../store/storage-ops.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { storageLsOptions } from '../spec/storage-specs.js';
import { asPrincipal } from './storage-as.js';

export const storageLs: Handler<typeof storageLsOptions> = {
  async run({ values, positionals: [uri], io }) {
    const options = await storeOptionsFor(io, [uri]);
    const listing = await asPrincipal(io, values.as, options, (o) => listLocation(uri, { ...o, recursive: values.recursive }));
    if (values.json) {
      json(io, {
        folders: listing.folders,
        objects: listing.objects.map((o) => ({ key: o.key, uri: o.uri, size: o.size, modified: o.modified, sha256: o.sha256 })),
      });
      return EXIT.ok;
    }
    const rows = [
      ...listing.folders.map((f) => ['', 'PRE', f]),
      ...listing.objects.map((o) => [o.modified.toISOString().replace('T', ' ').slice(0, 19), String(o.size), o.uri]),
    ];
    if (rows.length > 0) write(io.stdout, table(['MODIFIED', 'SIZE', 'URI'], rows));
    else write(io.stderr, `Nothing under ${uri}.`);
    return EXIT.ok;
  },
};
