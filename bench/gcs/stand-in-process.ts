/** The GCS stand-in in a process of its own, so the benchmark's CPU figures are the client side's alone. */
import { GcsStandIn } from '../../test/helpers/gcs-stand-in.js';

const standIn = new GcsStandIn({ buckets: ['bench'] });
const endpoint = await standIn.start();
// Only the newest request matters to no one here: keep the record from growing with the payloads.
setInterval(() => {
  standIn.requests.length = 0;
}, 200).unref();
process.stdout.write(`${endpoint}\n`);
process.on('message', () => process.exit(0));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
