import { tryParseJsonPath } from '../../core/json-path.js';
import type { EventEnvelope } from '../event-envelope.js';
import type { InputTransformer, Target } from './eventbridge-records.js';

/** What a delivery knows besides the event: the predefined `<aws.events.…>` variables' values. */
export interface InputContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly ingestedAt: Date;
}

/**
 * What a target receives, as EventBridge makes it: `Input` verbatim; `InputPath`'s selection as
 * JSON; an `InputTransformer`'s template with its variables filled in; or the whole event as JSON.
 *
 * Templates (eb-transform-target-input.md): a template that is JSON gets a variable outside
 * quotes as its JSON value (a string quoted, an object as JSON) and inside quotes as its raw text,
 * escaped for the string (`"instance <instance> is in <state>"` → `"instance i-0123456789 is in
 * RUNNING"`); any other template is text and gets raw text everywhere. A variable whose path leads
 * nowhere is `null` outside quotes and empty inside them. `<aws.events.event>` (the event without
 * `detail`) and `<aws.events.event.json>` (all of it) only stand as JSON values.
 */
export function targetInput(target: Target, event: EventEnvelope, context: InputContext): string {
  if (target.input !== undefined) return target.input;
  if (target.inputPath !== undefined) return JSON.stringify(readPath(event, target.inputPath) ?? null);
  if (target.inputTransformer) return transform(target.inputTransformer, event, context);
  return JSON.stringify(event);
}

/** Reads a `$.a.b[0]` path from the event; undefined where it leads nowhere. */
export function readPath(event: unknown, path: string): unknown {
  const segments = pathSegments(path);
  if (typeof segments === 'string') return undefined;
  let cur = event;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** A path's segments, or what is wrong with it (EventBridge paths start with `$`). */
export function pathSegments(path: string): (string | number)[] | string {
  if (path === '$') return [];
  if (!path.startsWith('$.') && !path.startsWith('$[')) return 'a path starts with "$." (e.g. "$.detail.state")';
  return tryParseJsonPath(path.slice(path.startsWith('$.') ? 2 : 1));
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;
const WHOLE_EVENT = new Set(['aws.events.event', 'aws.events.event.json']);

function transform(t: InputTransformer, event: EventEnvelope, context: InputContext): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(t.inputPathsMap ?? {})) values.set(name, readPath(event, path));
  const { detail: _detail, ...withoutDetail } = event;
  values.set('aws.events.rule-arn', context.ruleArn);
  values.set('aws.events.rule-name', context.ruleName);
  values.set('aws.events.event.ingestion-time', context.ingestedAt.toISOString());
  values.set('aws.events.event', withoutDetail);
  values.set('aws.events.event.json', event);
  const json = isJsonTemplate(t.inputTemplate);
  return fill(t.inputTemplate, (name, inString) => {
    if (!values.has(name)) return undefined;
    const value = values.get(name);
    if (!json) return raw(value);
    if (inString) return JSON.stringify(raw(value)).slice(1, -1);
    return value === undefined ? 'null' : JSON.stringify(value);
  });
}

const raw = (value: unknown): string => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** Replaces each `<name>` the callback knows (others stay as written), telling it whether the placeholder is inside a JSON string. */
function fill(template: string, value: (name: string, inString: boolean) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const replacement = value(m[1] as string, insideString(template, m.index));
    if (replacement === undefined) continue;
    out += template.slice(last, m.index) + replacement;
    last = m.index + m[0].length;
  }
  return out + template.slice(last);
}

/** Whether position `at` is inside a JSON string literal (an odd number of unescaped quotes before it). */
function insideString(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') inside = !inside;
  }
  return inside;
}

/** A template is JSON when it parses as JSON with every placeholder outside quotes read as `null`. */
function isJsonTemplate(template: string): boolean {
  try {
    JSON.parse(fill(template, (_, inString) => (inString ? '' : 'null')));
    return true;
  } catch {
    return false;
  }
}

/** What PutTargets refuses in a target's input (EventBridge's ValidationException), or undefined. */
export function inputProblem(target: Target): string | undefined {
  const given = [target.input, target.inputPath, target.inputTransformer].filter((x) => x !== undefined).length;
  if (given > 1) return `Target ${target.id}: only one of Input, InputPath and InputTransformer may be given.`;
  if (target.input !== undefined && !parses(target.input)) return `Target ${target.id}: Input is not valid JSON.`;
  if (target.inputPath !== undefined && typeof pathSegments(target.inputPath) === 'string')
    return `Target ${target.id}: InputPath ${target.inputPath} is not a valid JSON path.`;
  return target.inputTransformer ? transformerProblem(target.id, target.inputTransformer) : undefined;
}

function transformerProblem(id: string, t: InputTransformer): string | undefined {
  const names = Object.keys(t.inputPathsMap ?? {});
  if (names.length > 100) return `Target ${id}: InputPathsMap has ${names.length} variables, more than 100.`;
  for (const name of names) {
    if (!/^[A-Za-z0-9_-]+$/.test(name) || name.startsWith('aws'))
      return `Target ${id}: InputPathsMap key ${name} is reserved or not [A-Za-z0-9_-]+.`;
    const path = t.inputPathsMap?.[name] as string;
    if (typeof pathSegments(path) === 'string') return `Target ${id}: InputPathsMap value ${path} is not a valid JSON path.`;
  }
  const trimmed = t.inputTemplate.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && !isJsonTemplate(t.inputTemplate))
    return `Target ${id}: InputTemplate must be valid JSON (a placeholder cannot be an object key).`;
  for (const m of t.inputTemplate.matchAll(PLACEHOLDER))
    if (WHOLE_EVENT.has(m[1] as string) && insideString(t.inputTemplate, m.index))
      return `Target ${id}: <${m[1]}> can only be used as the value of a JSON field, not inside a string.`;
  return undefined;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
