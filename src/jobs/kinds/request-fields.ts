/**
 * Readers for nested fields of a SageMaker Create request, each refusing a bad value with the
 * `ValidationException` SageMaker itself sends, naming the member by its path as the service does
 * (`resourceConfig.instanceCount`, `inputDataConfig.1.member.channelName`):
 *
 * ```ts
 * const r = fieldsOf(request);                      // the request's top level
 * const resources = r.object('ResourceConfig');      // required: "Member must not be null"
 * resources.integer('InstanceCount', { min: 1 });    // 'resourceConfig.instanceCount'
 * ```
 *
 * Semantic rules that are not about one member's shape are `invalid(sentence)`, as SageMaker
 * words them: a sentence naming the fields.
 */
import { AwsError } from '../../server/aws/aws-error.js';

type Raw = Readonly<Record<string, unknown>>;

export interface Fields {
  /** The raw object, for fields read as a whole. */
  readonly raw: Raw;
  /** Whether the member is present (not undefined or null). */
  has(name: string): boolean;
  string(name: string, rule?: StringRule): string;
  optionalString(name: string, rule?: StringRule): string | undefined;
  enumOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T;
  optionalEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  integer(name: string, range: { min: number; max?: number }): number;
  optionalInteger(name: string, range: { min: number; max?: number }): number | undefined;
  boolean(name: string, fallback: boolean): boolean;
  object(name: string): Fields;
  optionalObject(name: string): Fields | undefined;
  /** A list of objects; each element's path is `<list>.<n>.member` (1-based, as AWS counts). */
  list(name: string, bounds?: { min?: number; max?: number }): Fields[];
  /** A map of string to string (`HyperParameters`, `Environment`). */
  stringMap(
    name: string,
    rule: { maxEntries: number; maxKey: number; maxValue: number; keyPattern?: RegExp },
  ): Record<string, string>;
}

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

export function fieldsOf(raw: unknown, path = ''): Fields {
  const object = (raw ?? {}) as Raw;
  const at = (name: string) => (path ? `${path}.${lower(name)}` : lower(name));
  const present = (name: string) => object[name] !== undefined && object[name] !== null;
  const required = (name: string) => {
    if (!present(name)) throw notNull(at(name));
    return object[name];
  };
  const readString = (name: string, rule: StringRule = {}): string | undefined => {
    if (!present(name)) return undefined;
    const value = object[name];
    if (typeof value !== 'string') throw constraint(at(name), value, 'Member must be a string');
    checkString(at(name), value, rule);
    return value;
  };
  const readInteger = (name: string, range: { min: number; max?: number }): number | undefined => {
    if (!present(name)) return undefined;
    const value = object[name];
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw constraint(at(name), value, 'Member must be an integer');
    if (value < range.min) throw constraint(at(name), value, `Member must have value greater than or equal to ${range.min}`);
    if (value > max) throw constraint(at(name), value, `Member must have value less than or equal to ${max}`);
    return value;
  };
  const readObject = (name: string): Fields | undefined => {
    if (!present(name)) return undefined;
    const value = object[name];
    if (typeof value !== 'object' || Array.isArray(value)) throw constraint(at(name), value, 'Member must be a structure');
    return fieldsOf(value, at(name));
  };
  const readEnum = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = readString(name);
    if (value !== undefined && !allowed.includes(value as T)) {
      throw constraint(at(name), value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T | undefined;
  };
  return {
    raw: object,
    has: present,
    string: (name, rule) => {
      required(name);
      return readString(name, rule) as string;
    },
    optionalString: readString,
    enumOf: (name, allowed, fallback) => {
      if (fallback === undefined) required(name);
      return readEnum(name, allowed) ?? (fallback as (typeof allowed)[number]);
    },
    optionalEnum: readEnum,
    integer: (name, range) => {
      required(name);
      return readInteger(name, range) as number;
    },
    optionalInteger: readInteger,
    boolean: (name, fallback) => {
      if (!present(name)) return fallback;
      if (typeof object[name] !== 'boolean') throw constraint(at(name), object[name], 'Member must be a boolean');
      return object[name] as boolean;
    },
    object: (name) => {
      required(name);
      return readObject(name) as Fields;
    },
    optionalObject: readObject,
    list: (name, bounds = {}) => readList(object, name, at(name), present(name), bounds),
    stringMap: (name, rule) => readStringMap(object[name], at(name), present(name), rule),
  };
}

function readList(object: Raw, name: string, path: string, present: boolean, bounds: { min?: number; max?: number }): Fields[] {
  if (!present) {
    if ((bounds.min ?? 0) > 0) throw notNull(path);
    return [];
  }
  const value = object[name];
  if (!Array.isArray(value)) throw constraint(path, value, 'Member must be a list');
  if (bounds.min !== undefined && value.length < bounds.min)
    throw constraint(path, `[${value.length} items]`, `Member must have length greater than or equal to ${bounds.min}`);
  if (bounds.max !== undefined && value.length > bounds.max)
    throw constraint(path, `[${value.length} items]`, `Member must have length less than or equal to ${bounds.max}`);
  return value.map((item, n) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw constraint(`${path}.${n + 1}.member`, item, 'Member must be a structure');
    return fieldsOf(item, `${path}.${n + 1}.member`);
  });
}

function readStringMap(
  value: unknown,
  path: string,
  present: boolean,
  rule: { maxEntries: number; maxKey: number; maxValue: number; keyPattern?: RegExp },
): Record<string, string> {
  if (!present) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw constraint(path, value, 'Member must be a map');
  const entries = Object.entries(value as Raw);
  if (entries.length > rule.maxEntries)
    throw constraint(path, `{${entries.length} entries}`, `Map value must have length less than or equal to ${rule.maxEntries}`);
  const out: Record<string, string> = {};
  for (const [key, item] of entries) {
    checkString(`${path}.key`, key, { min: 1, max: rule.maxKey, pattern: rule.keyPattern });
    if (typeof item !== 'string') throw constraint(`${path}.${key}`, item, 'Map value must be a string');
    checkString(`${path}.${key}`, item, { max: rule.maxValue });
    out[key] = item;
  }
  return out;
}

function checkString(path: string, value: string, rule: StringRule): void {
  if (rule.min !== undefined && value.length < rule.min)
    throw constraint(path, value, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw constraint(path, value, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value))
    throw constraint(path, value, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
}

/** A rule that spans fields, in SageMaker's own sentence form. */
export function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

function notNull(path: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

function constraint(path: string, value: unknown, rule: string): AwsError {
  const shown = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}' at '${path}' failed to satisfy constraint: ${rule}`,
  );
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
