import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { labelsFromCsv, uploadGroundTruth } from '../../monitor/model-quality/index.js';
import { storeOptionsFor } from '../artifact-location.js';
import { EXIT, UsageError, write } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorGroundTruthOptions } from '../spec/monitor-model-quality-specs.js';

/** `godwit monitor ground-truth upload`: a CSV of id,label rows → SageMaker ground-truth JSON Lines. */
export const monitorGroundTruthCommand: Handler<typeof monitorGroundTruthOptions> = {
  async run({ values, io }) {
    const at = values.at === undefined ? new Date() : new Date(values.at);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${values.at}" is not a time such as 2026-12-05T10:00:00Z.`);
    const file = resolve(io.cwd, values.labels!);
    const labels = labelsFromCsv(await readFile(file, 'utf8'), values.header === true, file);
    const storeOptions = await storeOptionsFor(io, [values.uri!]);
    const uri = await uploadGroundTruth({ uri: values.uri!, labels, at, storeOptions });
    write(io.stdout, `Uploaded ${labels.length} labels to ${uri}`);
    return EXIT.ok;
  },
};
