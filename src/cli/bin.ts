import { endQuietlyWhenClosed } from './closed-output.js';
import { main } from './main.js';

// The process entry point: bin/godwit.js loads this (built or, in a checkout, through tsx).

// AWS SDK v3 warns on every Node < 22 that its future releases will need Node 22: noise for a
// Godwit user, who cannot act on it. Set before any client loads (they load lazily, from
// commands); a value the user set is kept. Steps inherit it, which keeps their output clean too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
endQuietlyWhenClosed(process.stdout);
endQuietlyWhenClosed(process.stderr);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
