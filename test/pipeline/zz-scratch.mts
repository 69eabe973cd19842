import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validatePipeline } from '../../src/pipeline/validate.js';
const md = readFileSync('docs/ir.md', 'utf8');
const block = /```yaml\n([\s\S]*?)```/.exec(md)![1];
console.log(validatePipeline(parse(block)));
