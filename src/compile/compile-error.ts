import { GodwitError } from '../core/errors.js';
import type { TargetName } from './target.js';

/** A pipeline uses something a target cannot express. Never drop a feature silently: throw this. */
export class CompileError extends GodwitError {
  constructor(target: TargetName, step: string | undefined, feature: string, hint?: string) {
    const where = step ? `Step "${step}" uses ${feature}` : `The pipeline uses ${feature}`;
    super('E_COMPILE_UNSUPPORTED', `${where}, which the ${target} target cannot express.`, { hint });
  }
}
