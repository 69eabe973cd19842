/**
 * A thread pool worker. Its first message (on `parentPort`) gives it its hand-off port and
 * control word; from then on it never returns to its event loop: it waits on the control word,
 * and each time the caller bumps it, takes the hand-offs waiting on the port
 * (`receiveMessageOnPort`, synchronous). It waits spinning for a few milliseconds first, and only
 * then sleeps in `Atomics.wait`: a training hands off every few hundred microseconds, and a
 * sleeping thread takes tens of microseconds to wake (milliseconds on a busy machine), during
 * which the caller, done with its own shares, would run the worker's too. A hand-off lists a
 * job's shares and their claim words: the worker runs, in the order given, each share it claims
 * first (the other threads take those it has not started), answers each on the port, then marks
 * its claim done and wakes the caller. A failing share is answered with its error, so the caller
 * throws rather than waits.
 */
import { type MessagePort, parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { type Answer, type Control, DONE, type HandOff, spinWhile, UNCLAIMED } from './pool-hand-off.js';
import { JOBS } from './pool-jobs.js';

/** How long an idle worker spins before it sleeps: longer than the gaps between a tree level's hand-offs. */
const WORKER_SPIN_MS = 1;

function serve(port: MessagePort, control: Int32Array): never {
  for (;;) {
    // Read the count before draining the port: a hand-off posted after the drain bumps it, so
    // the wait below returns at once rather than sleeping through it.
    const seen = Atomics.load(control, 0);
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port))
      runHandOff(port, message.message as HandOff);
    if (!spinWhile(control, 0, seen, WORKER_SPIN_MS)) Atomics.wait(control, 0, seen, 1000);
  }
}

function runHandOff(port: MessagePort, { claims, claim, order, kind, tasks }: HandOff): void {
  for (const index of order) {
    if (Atomics.compareExchange(claims, index, UNCLAIMED, claim) !== UNCLAIMED) continue;
    let answer: Answer;
    try {
      answer = { index, result: JOBS[kind](tasks[index] as never) };
    } catch (err) {
      answer = { index, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    port.postMessage(answer);
    Atomics.store(claims, index, DONE);
    Atomics.notify(claims, index);
  }
}

parentPort?.once('message', ({ port, control }: Control) => serve(port, control));
