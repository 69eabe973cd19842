import assert from 'node:assert/strict';
import { appendFileSync, existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readTimedLines, recordLogTimes, summarizeLog, timesPathOf } from '../../src/core/log-times.js';
import { scratchDir } from '../helpers/scratch.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('log times', () => {
  test('lines written apart get their own times, noted beside the log; the log is left as written', async () => {
    const log = join(scratchDir('godwit-log-times-'), 'attempt-1.log');
    writeFileSync(log, '');
    const stop = recordLogTimes(log);
    const before = Date.now();
    appendFileSync(log, 'one\ntwo\n');
    await pause(300);
    const later = Date.now();
    appendFileSync(log, 'three\n');
    await pause(150);
    stop();
    const lines = readTimedLines(log) ?? [];
    assert.deepEqual(
      lines.map((l) => l.text),
      ['one', 'two', 'three'],
    );
    assert.equal(lines[0].time, lines[1].time, 'written together, seen together');
    // Seen after they were written and before the next write: the watcher's delay, not a guess.
    assert.ok(lines[0].time >= before && lines[0].time <= later, `${lines[0].time - before} ms after the write`);
    assert.ok(lines[2].time >= later, 'the third line has the time of its own write');
    assert.ok(existsSync(timesPathOf(log)));
    const summary = summarizeLog(log);
    assert.equal(summary?.size, 14);
    assert.equal(summary?.firstTime, lines[0].time);
  });

  test('without a sidecar every line has the time the file was last written; a partial last line waits', async () => {
    const log = join(scratchDir('godwit-log-times-'), 'old.log');
    writeFileSync(log, 'a\r\nb\npartial');
    const mtime = new Date('2026-12-01T10:00:00Z');
    // An old file's unfinished last line is a line: its writer is long gone.
    utimesSync(log, mtime, mtime);
    assert.deepEqual(readTimedLines(log), [
      { text: 'a', time: mtime.getTime(), end: 3 },
      { text: 'b', time: mtime.getTime(), end: 5 },
      { text: 'partial', time: mtime.getTime(), end: 12 },
    ]);
    appendFileSync(log, ' more');
    assert.deepEqual(
      readTimedLines(log)?.map((l) => l.text),
      ['a', 'b'],
      'a line still being written is not shown yet',
    );
    assert.equal(readTimedLines(join(log, 'missing')), undefined);
  });

  test('what a log held before the watcher started keeps the time it was written', () => {
    const log = join(scratchDir('godwit-log-times-'), 'container.log');
    writeFileSync(log, 'earlier run\n');
    const then = new Date('2026-12-01T10:00:00Z');
    utimesSync(log, then, then);
    recordLogTimes(log)();
    assert.deepEqual(readTimedLines(log), [{ text: 'earlier run', time: then.getTime(), end: 12 }]);
  });
});
