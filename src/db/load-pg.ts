import type pgModule from 'pg';

/**
 * The `pg` module, loaded without Node's fetch implementation. When it loads, `pg` asks whether it
 * runs in a Cloudflare Worker: from `navigator.userAgent` where Node has one (21 and later), and
 * on Node 20 by constructing a fetch `Response`, which loads undici: 50–190 ms added to every
 * command pointed at PostgreSQL (`godwit runs list` among them). For the import, Node 20 is given
 * the `navigator` later Nodes have, and the answer is the same.
 */
export async function loadPg(): Promise<typeof pgModule> {
  const global = globalThis as { navigator?: unknown };
  const lent = !('navigator' in global);
  if (lent) global.navigator = { userAgent: `Node.js/${process.versions.node}` };
  try {
    return (await import('pg')).default;
  } finally {
    if (lent) delete global.navigator;
  }
}
