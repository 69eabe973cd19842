import { readFileSync } from 'node:fs';
import { importSageMakerDefinition } from './src/import/sagemaker/index.js';
import { compile } from './src/compile/index.js';
import { BUILTIN_PROFILES } from './src/compile/profiles.js';
const [name, target, profile] = process.argv.slice(2);
const r = await importSageMakerDefinition(JSON.parse(readFileSync(`test/fixtures/smimport/${name}.definition.json`, 'utf8')), { name });
try {
const out = compile(r.ir, target as any, BUILTIN_PROFILES[profile]);
console.log(out.warnings.map(w=>`${w.step}: ${w.message}`).join('\n'));
} catch (e: any) { console.log(e.code, e.message, e.hint); }
