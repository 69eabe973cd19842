/**
 * A thread pool worker. Its first message (on `parentPort`) gives it its hand-off port and
 * control word; from then on it never returns to its event loop: it waits on the control word,
 * and each time the caller bumps it, takes the hand-offs waiting on the port
 * (`receiveMessageOnPort`, synchronous). It waits spinning for a few milliseconds first, and only
 * then sleeps in `Atomics.wait`: a training hands off every few hundred microseconds, and a
 * sleeping thread takes tens of microseconds to wake (milliseconds on a busy machine), during
 * which the caller, done with its own share, would run the worker's too. A hand-off names one share of a job and the share's
 * claim word: the worker runs the share only if it claims it first (the caller takes any share
 * the worker has not started), answers on the port, then marks the claim done and wakes the
 * caller. A failing job is answered with its error, so the caller throws rather than waits.
 */
import { type MessagePort, parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { CLAIMED_BY_WORKER, type Control, DONE, type HandOff, spinWhile, UNCLAIMED } from './pool-hand-off.js';
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

function runHandOff(port: MessagePort, { claims, index, kind, task }: HandOff): void {
  if (Atomics.compareExchange(claims, index, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) return;
  try {
    port.postMessage({ result: JOBS[kind](task as never) });
  } catch (err) {
    port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
  Atomics.store(claims, index, DONE);
  Atomics.notify(claims, index);
}

parentPort?.once('message', ({ port, control }: Control) => serve(port, control));
