import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { type CompileResult, compile as compileFor, type TargetName } from '../../compile/index.js';
import { toKfpYaml } from '../../compile/kfp/kfp-compiler.js';
import { DEFAULT_PROFILE, resolveProfile } from '../../compile/profile-file.js';
import { filesBeside } from '../../compile/read-text.js';
import { formatUpload } from '../../compile/uploads.js';
import { loadPipelineFile } from '../../pipeline/load.js';
import { EXIT, write, writeWarnings } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { compileOptions } from '../spec/pipeline-specs.js';
import { writeUploadsFile } from './workflow-uploads.js';

export const compile: Handler<typeof compileOptions> = {
  async run({ values, positionals, io }) {
    const target = values.target as string;
    const loaded = await loadPipelineFile(positionals[0]);
    let text: string;
    let uploads: CompileResult['uploads'] = [];
    let warnings: CompileResult['warnings'] = [];
    if (target === 'ir') {
      text = values.format === 'yaml' ? stringify(loaded.ir) : `${JSON.stringify(loaded.ir, null, 2)}\n`;
    } else {
      const profile = await resolveProfile(values.profile ?? DEFAULT_PROFILE[target as TargetName], io.cwd, io.env);
      const result = compileFor(loaded.ir, target as TargetName, profile, filesBeside(dirname(loaded.file)));
      text = result.format === 'yaml' ? toKfpYaml(result.document) : `${JSON.stringify(result.document, null, 2)}\n`;
      ({ uploads, warnings } = result);
    }
    if (values.output) {
      await writeFile(values.output, text);
      write(io.stderr, `Wrote ${values.output}.`);
      // `godwit workflows run` uploads these before it starts the machine; they live beside it.
      if (target === 'stepfunctions' && uploads.length > 0) {
        write(io.stderr, `Wrote ${await writeUploadsFile(values.output, dirname(loaded.file), uploads)}.`);
      }
    } else io.stdout.write(text);
    writeWarnings(io, warnings);
    if (uploads.length > 0) {
      const lines = uploads.map(formatUpload);
      write(
        io.stderr,
        `\nUpload these before running it in the cloud (paths relative to ${dirname(loaded.file)}):\n${lines.join('\n')}`,
      );
    }
    return EXIT.ok;
  },
};
