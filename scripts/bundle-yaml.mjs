#!/usr/bin/env node
/**
 * Bundles the `yaml` package's 72 CommonJS files into one file, `<dist>/vendor/yaml.cjs`, which
 * `src/core/yaml-module.ts` loads when present: resolving, reading and compiling 72 files costs
 * ~150 ms of every command that reads YAML on the project's 2-core VM, one file ~40 ms. Run by
 * `npm run build` after tsc; a checkout without a build uses the package itself.
 *
 *   node scripts/bundle-yaml.mjs [DIST_DIR]      (default: dist)
 *
 * Only relative requires are bundled; Node built-ins (`process`, `buffer`) stay requires.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const RELATIVE_REQUIRE = /require\((['"])(\.{1,2}\/[^'"]+)\1\)/g;

/** The bundle's source: one function per module, required by index as the package's own files require each other. */
export function bundleYaml() {
  const entry = require.resolve('yaml');
  const pkgDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const license = readFileSync(join(pkgDir, 'LICENSE'), 'utf8').trim();
  const ids = new Map();
  const modules = [];
  const add = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = ids.size;
    ids.set(file, id);
    const source = readFileSync(file, 'utf8');
    const deps = {};
    modules[id] = { file, source, deps };
    for (const [, , spec] of source.matchAll(RELATIVE_REQUIRE)) deps[spec] = add(require.resolve(resolve(dirname(file), spec)));
    return id;
  };
  add(entry);
  const defs = modules.map(
    ({ file, source, deps }, id) =>
      `// ${relative(pkgDir, file)}\n${id}: [function (module, exports, require) {\n${source}\n}, ${JSON.stringify(deps)}],`,
  );
  return `// yaml ${version}, bundled by scripts/bundle-yaml.mjs from ${modules.length} files. Its license:
${license.replace(/^/gm, '// ')}
'use strict';
const defs = {
${defs.join('\n')}
};
const cache = {};
function load(id) {
  if (cache[id]) return cache[id].exports;
  const module = { exports: {} };
  cache[id] = module;
  const [fn, deps] = defs[id];
  fn.call(module.exports, module, module.exports, (spec) => (spec in deps ? load(deps[spec]) : require(spec)));
  return module.exports;
}
module.exports = load(0);
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? 'dist');
  mkdirSync(join(dist, 'vendor'), { recursive: true });
  writeFileSync(join(dist, 'vendor', 'yaml.cjs'), bundleYaml());
  console.log(`wrote ${join(dist, 'vendor', 'yaml.cjs')}`);
}
