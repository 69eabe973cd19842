import type { RunEvent } from '../runtime/events.js';
import type { JobKind, StatusTransition } from './job-records.js';

/** SageMaker's messages for each secondary status, as DescribeTrainingJob shows them. */
const MESSAGES: Record<string, string> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Stopping: 'Stopping the training job',
  Stopped: 'The training job was stopped.',
};

/**
 * A job's secondary status transitions, read from its run's events the way SageMaker reports a
 * training job's phases: `Starting` when recorded, `Downloading` when the step starts (the runner
 * stages inputs first), `Training` when the process is launched (the runner logs its command
 * line, `$ …`, just before), `Uploading` when the step has ended and its outputs are being kept,
 * and the final status when the run ends. Each change closes the previous transition.
 */
export class JobProgress {
  private list: StatusTransition[];

  constructor(
    readonly kind: JobKind,
    transitions: readonly StatusTransition[],
    private readonly now: () => Date,
  ) {
    this.list = [...transitions];
  }

  get transitions(): readonly StatusTransition[] {
    return this.list;
  }

  get current(): string | undefined {
    return this.list.at(-1)?.status;
  }

  /** The status this event moves the job to, or undefined when it changes nothing. */
  statusFor(event: RunEvent): string | undefined {
    if (event.type === 'step-started') return this.after('Starting', 'Downloading');
    if (event.type === 'step-log' && event.line.startsWith('$ ')) return this.after('Downloading', 'Training');
    if (event.type === 'step-finished' && event.status === 'succeeded') return this.after('Training', 'Uploading');
    return undefined;
  }

  private after(from: string, to: string): string | undefined {
    return this.current === from ? to : undefined;
  }

  /** Closes the open transition and opens `status`; returns false when it is already current. */
  move(status: string, message = MESSAGES[status] ?? status): boolean {
    if (this.current === status) return false;
    const at = this.now();
    const last = this.list.at(-1);
    if (last && last.endTime === undefined) this.list[this.list.length - 1] = { ...last, endTime: at };
    this.list.push({ status, startTime: at, message });
    return true;
  }

  /** The final transition, closed at once (SageMaker's last entry has an end time too). */
  end(status: string, message?: string): void {
    this.move(status, message);
    const last = this.list.at(-1) as StatusTransition;
    this.list[this.list.length - 1] = { ...last, endTime: last.startTime };
  }
}
