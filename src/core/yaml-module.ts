/**
 * The `yaml` package, loaded on first use and, in a built install, from the one-file bundle that
 * `npm run build` writes (`dist/vendor/yaml.cjs`, scripts/bundle-yaml.mjs): the package is 72
 * CommonJS files, and finding, reading and compiling them cost ~150 ms of each command that
 * reads YAML on a 2-core VM, against ~40 ms for the bundle. A source checkout has no bundle and
 * loads the package.
 *
 * ```ts
 * const { parseDocument } = yamlModule();
 * ```
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

export function yamlModule(): Yaml {
  if (!loaded) {
    const bundle = fileURLToPath(new URL('../vendor/yaml.cjs', import.meta.url));
    const require = createRequire(import.meta.url);
    loaded = (existsSync(bundle) ? require(bundle) : require('yaml')) as Yaml;
  }
  return loaded;
}
