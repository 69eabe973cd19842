import type { RunStatus, StepStatus } from '../meta/metadata-store.js';
import type { StepKind } from '../pipeline/ir.js';

/** What the executor tells a display while a run goes on. */
export type RunEvent =
  | {
      readonly type: 'run-started';
      readonly runId: string;
      readonly pipeline: string;
      readonly resumed: boolean;
      readonly steps: readonly { name: string; type: StepKind; status: StepStatus }[];
    }
  | { readonly type: 'step-started'; readonly step: string; readonly attempt: number }
  | {
      readonly type: 'step-retrying';
      readonly step: string;
      readonly attempt: number;
      readonly reason: string;
      readonly delayMs: number;
    }
  | {
      readonly type: 'step-finished';
      readonly step: string;
      readonly status: StepStatus;
      readonly durationMs: number;
      readonly reason?: string;
      readonly summary?: string;
      readonly cachedFrom?: string;
    }
  | { readonly type: 'step-log'; readonly step: string; readonly line: string }
  /** Something the user should know once per run, e.g. which sandbox steps run in. */
  | { readonly type: 'notice'; readonly step?: string; readonly message: string }
  | {
      readonly type: 'run-finished';
      readonly runId: string;
      readonly status: RunStatus;
      readonly error?: string;
      readonly durationMs: number;
    };

export type RunReporter = (event: RunEvent) => void;
