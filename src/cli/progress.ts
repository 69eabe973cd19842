import type { StepStatus } from '../meta/metadata-store.js';
import type { RunEvent } from '../runtime/events.js';
import { duration, paint, STATUS_COLOR } from './format.js';
import type { Output } from './output.js';

interface Row {
  status: StepStatus;
  startedAt?: number;
  note?: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ICON: Partial<Record<StepStatus, string>> = {
  succeeded: '✔',
  cached: '✔',
  failed: '✖',
  skipped: '-',
  'not-run': '·',
  stopped: '■',
  pending: '·',
};

/**
 * Live progress. On a terminal it redraws one line per step in place; elsewhere (CI, pipes) it
 * prints one plain line per event, so logs stay readable.
 */
export function createProgress(out: Output, options: { tty?: boolean; verbose?: boolean } = {}) {
  const tty = options.tty ?? (out.isTTY === true && !process.env.CI);
  const c = paint(tty);
  const rows = new Map<string, Row>();
  const notices = new Set<string>();
  let drawn = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;

  const draw = () => {
    if (drawn > 0) out.write(`\x1b[${drawn}A`);
    const lines: string[] = [];
    const width = Math.max(...[...rows.keys()].map((k) => k.length), 4);
    for (const [name, row] of rows) {
      const icon = row.status === 'running' ? SPINNER[frame % SPINNER.length] : (ICON[row.status] ?? ' ');
      const time = row.startedAt !== undefined && row.status === 'running' ? duration(Date.now() - row.startedAt) : '';
      const color = STATUS_COLOR[row.status] ?? 'gray';
      lines.push(`\x1b[2K  ${c(color, icon)} ${name.padEnd(width)}  ${c(color, row.status.padEnd(9))} ${row.note ?? time}`);
    }
    for (const n of notices) lines.push(`\x1b[2K  ${c('gray', n)}`);
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
    frame++;
  };

  const plain = (text: string) => out.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

  return (e: RunEvent) => {
    switch (e.type) {
      case 'run-started':
        out.write(`${e.resumed ? 'Resuming' : 'Running'} pipeline ${c('bold', e.pipeline)} as ${c('bold', e.runId)}\n`);
        for (const s of e.steps)
          rows.set(s.name, {
            status: s.status,
            note: s.status === 'succeeded' || s.status === 'cached' ? 'done earlier' : undefined,
          });
        if (tty) {
          draw();
          timer = setInterval(draw, 100);
          timer.unref();
        }
        return;
      case 'step-started': {
        const row = rows.get(e.step);
        if (row)
          Object.assign(row, {
            status: 'running',
            startedAt: Date.now(),
            note: e.attempt > 1 ? `attempt ${e.attempt}` : undefined,
          });
        if (!tty) plain(`${e.step}: started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`);
        return;
      }
      case 'step-retrying': {
        const row = rows.get(e.step);
        if (row) row.note = `retrying in ${duration(e.delayMs)}`;
        if (!tty) plain(`${e.step}: attempt ${e.attempt} failed, retrying in ${duration(e.delayMs)}: ${firstLine(e.reason)}`);
        return;
      }
      case 'step-finished': {
        const note = e.cachedFrom
          ? `cache hit: reused run ${e.cachedFrom}`
          : e.status === 'skipped'
            ? ''
            : [duration(e.durationMs), e.summary].filter(Boolean).join('  ');
        rows.set(e.step, { status: e.status, note });
        if (!tty)
          plain(
            `${e.step}: ${e.status}${note ? ` (${note})` : ''}${e.reason && e.status !== 'skipped' ? `\n  ${e.reason}` : ''}`,
          );
        return;
      }
      case 'notice':
        if (notices.has(e.message)) return;
        notices.add(e.message);
        if (!tty) plain(e.message);
        return;
      case 'step-log':
        if (options.verbose && !tty) plain(`${e.step} | ${e.line}`);
        return;
      case 'run-finished':
        if (timer) clearInterval(timer);
        if (tty) draw();
        return;
    }
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
