// The "hello" step of examples/yaml-hello: writes the greeting to one output folder and a
// summary.json (read by the pipeline's condition through a property file) to another.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { greeting: { type: 'string' }, out: { type: 'string' }, summary: { type: 'string' } },
});
if (!values.greeting || !values.out || !values.summary) {
  console.error('usage: hello.mjs --greeting <text> --out <folder> --summary <folder>');
  process.exit(2);
}

const words = values.greeting.split(/\s+/).filter(Boolean).length;
mkdirSync(values.out, { recursive: true });
mkdirSync(values.summary, { recursive: true });
writeFileSync(join(values.out, 'greeting.txt'), `${values.greeting}\n`);
writeFileSync(join(values.summary, 'summary.json'), `${JSON.stringify({ words, characters: values.greeting.length })}\n`);
console.log(`wrote "${values.greeting}" (${words} words)`);
