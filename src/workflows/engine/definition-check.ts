import type { State, StateMachineDefinition } from '../asl/asl-types.js';
import { invalidDefinition } from '../workflow-errors.js';
import type { TaskIntegrations } from './task-integration.js';

const TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

/**
 * Parses a definition and checks what the engine relies on to run it (the full validation,
 * `asl-validator` and the query languages' expressions, runs beside it when available):
 * `StartAt` and every `Next`, `Default` and catcher's `Next` name a state of the same machine,
 * every state has a known `Type`, and a state that moves on has `Next` or `End`. Problems are
 * listed with their state (`E_ASL_INVALID`).
 */
export function parseDefinition(text: string): StateMachineDefinition {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (err) {
    throw invalidDefinition([`the definition is not JSON: ${(err as Error).message}`]);
  }
  const problems: string[] = [];
  checkMachine(definition, '', problems);
  if (problems.length > 0) throw invalidDefinition(problems);
  return definition as StateMachineDefinition;
}

function checkMachine(machine: unknown, where: string, problems: string[]): void {
  const m = machine as Partial<StateMachineDefinition> | null;
  if (typeof m !== 'object' || m === null || typeof m.States !== 'object' || m.States === null) {
    problems.push(`${where || 'the definition'}: needs a "States" object`);
    return;
  }
  const states = m.States as Record<string, State>;
  const has = (name: unknown) => typeof name === 'string' && Object.hasOwn(states, name);
  if (!has(m.StartAt)) problems.push(`${where || 'the definition'}: StartAt "${String(m.StartAt)}" is not a state`);
  for (const [name, state] of Object.entries(states)) {
    const at = `${where}state "${name}"`;
    if (!state || !TYPES.has(state.Type)) {
      problems.push(`${at}: unknown Type "${String(state?.Type)}"`);
      continue;
    }
    const targets: unknown[] = [];
    if ('Next' in state && state.Next !== undefined) targets.push(state.Next);
    if (state.Type === 'Choice') {
      targets.push(...state.Choices.map((c) => c.Next));
      if (state.Default !== undefined) targets.push(state.Default);
    }
    if ('Catch' in state) targets.push(...(state.Catch ?? []).map((c) => c.Next));
    for (const t of targets) if (!has(t)) problems.push(`${at}: Next "${String(t)}" is not a state`);
    const moves = state.Type !== 'Choice' && state.Type !== 'Succeed' && state.Type !== 'Fail';
    if (moves && !('End' in state && state.End) && !('Next' in state && state.Next))
      problems.push(`${at}: needs Next or "End": true`);
    if (state.Type === 'Parallel')
      for (const [i, b] of (state.Branches ?? []).entries()) checkMachine(b, `${at} branch ${i}, `, problems);
    if (state.Type === 'Map') checkMachine(state.ItemProcessor ?? state.Iterator, `${at} ItemProcessor, `, problems);
  }
}

/** Checks every Task, ItemReader and ResultWriter resource with the integrations (E_WORKFLOW_RESOURCE_UNMAPPED). */
export function checkResources(machine: StateMachineDefinition, integrations: TaskIntegrations): void {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Task') integrations.check(name, state.Resource);
    if (state.Type === 'Parallel') for (const b of state.Branches) checkResources(b, integrations);
    if (state.Type === 'Map') {
      if (state.ItemReader) integrations.check(name, state.ItemReader.Resource);
      if (state.ResultWriter) integrations.check(name, state.ResultWriter.Resource);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) checkResources(processor, integrations);
    }
  }
}
