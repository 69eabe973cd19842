/**
 * A fail step. KFP (and the SDK, as of 2.14) has no fail task; a container that prints the
 * message to stderr and exits 1 fails the run the same way, with the message in the task's log.
 */
import type { FailStep } from '../../../pipeline/ir.js';
import { ContainerTask } from '../kfp-container.js';
import type { KfpContext } from '../kfp-context.js';
import { helperImage } from '../kfp-images.js';

export function compileFail(ctx: KfpContext, step: FailStep): void {
  const c = new ContainerTask(ctx, step);
  const message = c.render(step.message, 'message');
  c.finish({ image: helperImage(ctx), command: ['sh', '-c', 'echo "$0" >&2; exit 1'], args: [message] });
}
