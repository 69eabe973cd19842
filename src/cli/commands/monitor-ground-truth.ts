import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GodwitError } from '../../core/errors.js';
import { splitCsvLine } from '../../monitor/model-quality/attributes.js';
import { uploadGroundTruth } from '../../monitor/model-quality/index.js';
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
    const rows = (await readFile(file, 'utf8'))
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .slice(values.header ? 1 : 0)
      .map((line, i) => {
        const cells = splitCsvLine(line);
        if (cells.length !== 2) {
          throw new GodwitError('E_MODEL_QUALITY_DATASET', `${file}: row ${i + 1} has ${cells.length} columns, not id,label.`, {
            hint: 'One label per row: the request id (InferenceId or eventId), a comma, the label.',
          });
        }
        return { id: cells[0]!.trim(), label: cells[1]!.trim() };
      });
    const storeOptions = await storeOptionsFor(io, [values.uri!]);
    const uri = await uploadGroundTruth({ uri: values.uri!, labels: rows, at, storeOptions });
    write(io.stdout, `Uploaded ${rows.length} labels to ${uri}`);
    return EXIT.ok;
  },
};
