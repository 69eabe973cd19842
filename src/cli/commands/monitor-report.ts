import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildReport, readExecution, renderReportHtml, reportRows, TABLE_HEADER } from '../../monitor/report/index.js';
import type { ResolvedExecution } from '../../monitor/report/resolve-execution.js';
import { type CliIo, EXIT, json, write } from '../cli-io.js';
import { table } from '../format.js';
import { withMetadata } from '../open-home.js';
import type { Handler } from '../spec/command-spec.js';
import type { monitorReportOptions } from '../spec/monitor-report.js';

/**
 * `godwit monitor report EXECUTION|FOLDER`: read the files, write the HTML, print the table. A
 * name that is not a path is an execution or schedule of the home's records; flags given win over
 * what the records say.
 */
export const monitorReportCommand: Handler<typeof monitorReportOptions> = {
  run: async ({ values, positionals: [name], io }) => {
    const at = (p: string) => resolve(io.cwd, p);
    const found = existsSync(at(name!)) ? undefined : await fromRecords(name!, io);
    const baselinePath = values.baseline === undefined ? found?.baseline : at(values.baseline);
    const historyPaths = values.history === undefined ? (found?.history ?? []) : values.history.map(at);
    const [execution, baseline, history] = await Promise.all([
      readExecution(found?.folder ?? at(name!)),
      baselinePath === undefined ? undefined : readExecution(baselinePath, 'baseline'),
      Promise.all(historyPaths.map((h) => readExecution(h))),
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

async function fromRecords(name: string, io: CliIo): Promise<ResolvedExecution> {
  const { resolveExecution } = await import('../../monitor/report/resolve-execution.js');
  return withMetadata(io, ({ monitoring }) => resolveExecution(name, monitoring));
}
