import { readFileSync, writeFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { toKfpYaml } from './src/compile/kfp/yaml/kfp-yaml.js';
import { execSync } from 'node:child_process';
const files = ['/work/shared/reference/kfp/iris_pipeline_compiled.yaml', '/work/shared/reference/kfp/pipeline_with_retry.yaml',
 ...execSync('ls /tmp/kfp/test_data/sdk_compiled_pipelines/valid/*.yaml /tmp/kfp/test_data/sdk_compiled_pipelines/valid/*/*.yaml').toString().trim().split('\n')];
let ok = 0, bad = 0;
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  let docs; try { docs = parseAllDocuments(src); parse(src); } catch { console.log('SKIP', f); continue; }
  if (docs.length !== 1) continue;
  const out = toKfpYaml(parse(src));
  if (out === src) ok++; else { bad++; writeFileSync('/tmp/yamlbad-' + f.split('/').pop(), out); console.log('DIFF', f); }
}
console.log(ok, bad);
