/**
 * Step names from KFP task names. Task names are Kubernetes-style (`train-model`) and already
 * valid step names; tasks of different DAGs may share one, so a repeat gets `-2`, `-3`, …
 */
import { NAME_MAX_LENGTH } from '../../pipeline/validate.js';

export function uniqueStepName(taken: Set<string>, task: string): string {
  let base = task.replace(/[^A-Za-z0-9_-]+/g, '-');
  if (!/^[A-Za-z]/.test(base)) base = `task-${base}`;
  base = base.slice(0, NAME_MAX_LENGTH - 4);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}
