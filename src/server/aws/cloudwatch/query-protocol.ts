/**
 * AWS's Query protocol, as boto3 before 1.34 speaks it to CloudWatch: a form-encoded body
 * (`Action=PutMetricData&Version=2010-08-01&MetricData.member.1.Value=1`) in, XML out. The form
 * is read into the same nested shape the JSON protocol sends (lists from `.member.N`), with every
 * leaf a string, so one set of action handlers serves both protocols.
 */
export function formToInput(form: URLSearchParams): { action: string; input: Record<string, unknown> } {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue;
    setPath(input, key.split('.'), value);
  }
  return { action: form.get('Action') ?? '', input };
}

function setPath(root: Record<string, unknown>, parts: string[], value: string): void {
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const last = i === parts.length - 1;
    const isList = parts[i + 1] === 'member' && /^[1-9]\d{0,4}$/.test(parts[i + 2] ?? '');
    const slot: string | number = Array.isArray(node) ? Number(key) - 1 : key;
    if (slot === '__proto__' || slot === 'constructor' || slot === 'prototype') return;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[slot] = value;
      return;
    }
    if (isList) {
      if (!Array.isArray(container[slot])) container[slot] = [];
      node = container[slot] as unknown[];
      i += 1; // skip "member"; the index is the next key
      if (i + 1 === parts.length - 1) {
        (node as unknown[])[Number(parts[i + 1]) - 1] = value;
        return;
      }
      continue;
    }
    if (typeof container[slot] !== 'object' || container[slot] === null) container[slot] = {};
    node = container[slot] as Record<string, unknown>;
  }
}

const NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`, the result left out when there is none. */
export function queryResponse(action: string, output: unknown, requestId: string, maps: ReadonlySet<string>): string {
  const result =
    output && typeof output === 'object' && Object.keys(output).length > 0
      ? `<${action}Result>${fields(output as Record<string, unknown>, maps)}</${action}Result>`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACE}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/** The Query protocol's error document. */
export function queryError(code: string, message: string, requestId: string, sender: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${sender ? 'Sender' : 'Receiver'}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

function fields(obj: Record<string, unknown>, maps: ReadonlySet<string>): string {
  let out = '';
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue;
    out += `<${name}>${maps.has(name) ? mapEntries(value as Record<string, unknown>) : xmlValue(value, maps)}</${name}>`;
  }
  return out;
}

function xmlValue(value: unknown, maps: ReadonlySet<string>): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${xmlValue(v, maps)}</member>`).join('');
  if (typeof value === 'object' && value !== null) return fields(value as Record<string, unknown>, maps);
  return xmlEscape(String(value));
}

function mapEntries(map: Record<string, unknown>): string {
  return Object.entries(map)
    .map(([k, v]) => `<entry><key>${xmlEscape(k)}</key><value>${xmlEscape(String(v))}</value></entry>`)
    .join('');
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
