import { compilePattern, type EventMatcher } from './compile-pattern.js';
import { parsePattern } from './parse-pattern.js';
import type { ObjectNode } from './pattern-ast.js';

/**
 * An EventBridge event pattern, parsed, validated and compiled once: what PutRule, CreateArchive
 * and TestEventPattern check, and what the router matches events against.
 *
 *   const p = EventPattern.parse('{"source": ["aws.sagemaker"], "detail": {"ModelApprovalStatus": ["Approved"]}}');
 *   p.matches(event)   // true for an approval of any model package
 *
 * A pattern EventBridge would refuse throws `E_EVENT_PATTERN_INVALID` ("Event pattern is not
 * valid. Reason: …"). Exact numbers compare numerically: events reach the router as parsed JSON,
 * where 300 and 300.0 are one number (EventBridge's guide compares their text).
 */
export class EventPattern {
  private constructor(
    readonly text: string,
    readonly node: ObjectNode,
    private readonly matcher: EventMatcher,
  ) {}

  static parse(text: string): EventPattern {
    const node = parsePattern(text);
    return new EventPattern(text, node, compilePattern(node));
  }

  matches(event: unknown): boolean {
    return this.matcher(event);
  }
}

export { invalidPattern } from './parse-pattern.js';
export { RuleIndex } from './rule-index.js';
