import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildReport, readExecution, renderReportHtml, reportRows, TABLE_HEADER } from '../../monitor/report/index.js';
import { EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorReportOptions } from '../spec/monitor-report.js';

/** `godwit monitor report FOLDER`: read the files, write the HTML, print the table. */
export const monitorReportCommand: Handler<typeof monitorReportOptions> = {
  run: async ({ values, positionals: [folder], io }) => {
    const at = (p: string) => resolve(io.cwd, p);
    const [execution, baseline, history] = await Promise.all([
      readExecution(at(folder!)),
      values.baseline === undefined ? undefined : readExecution(at(values.baseline), 'baseline'),
      Promise.all((values.history ?? []).map((h) => readExecution(at(h)))),
    ]);
    const report = buildReport({ execution, baseline, history });
    const out = at(values.output ?? 'monitor-report.html');
    await writeFile(out, renderReportHtml(report));
    if (values.json) json(io, { report: out, features: report.features });
    else {
      write(io.stdout, table(TABLE_HEADER, reportRows(report.features)));
      const count = report.execution.violations?.violations.length ?? 0;
      write(io.stdout, `\n${count} violation${count === 1 ? '' : 's'}; report written to ${out}`);
    }
    return EXIT.ok;
  },
};
