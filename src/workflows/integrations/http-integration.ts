import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { ServiceIntegration } from './service-integration.js';
import { parametersObject, requiredField } from './task-input.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * `arn:aws:states:::http:invoke` (Step Functions' HTTP Task) to loopback hosts only: ApiEndpoint,
 * Method, Headers, QueryParameters, RequestBody (JSON is sent as JSON, a string as is). The answer
 * is the HTTP Task's: `Headers` (each a list of values), `ResponseBody` (parsed when JSON),
 * `StatusCode`, `StatusText`. A status of 400 or more fails `States.Http.StatusCode.<code>` with
 * the response as the cause, as Step Functions does. `Authentication.ConnectionArn` is accepted
 * and unused: there is no EventBridge connection to read credentials from locally. At least once.
 */
export function httpIntegration(): ServiceIntegration {
  return new ServiceIntegration('http', {
    'http:invoke': { suffixes: ['', '.waitForTaskToken'], delivery: 'at-least-once', invoke: (call) => invokeHttp(call) },
  });
}

async function invokeHttp(call: Parameters<ServiceIntegration['invoke']>[0]): Promise<Json> {
  const params = parametersObject(call);
  const url = endpointUrl(requiredField(params, 'ApiEndpoint', 'States.Runtime'), params.QueryParameters, call.stateName);
  const method = requiredField(params, 'Method', 'States.Runtime').toUpperCase();
  const headers: Record<string, string> = {};
  if (params.Headers && typeof params.Headers === 'object' && !Array.isArray(params.Headers))
    for (const [k, v] of Object.entries(params.Headers)) headers[k] = String(v);
  let body: string | undefined;
  if (params.RequestBody !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = typeof params.RequestBody === 'string' ? params.RequestBody : JSON.stringify(params.RequestBody);
    if (typeof params.RequestBody !== 'string' && !hasHeader(headers, 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw call.signal.reason;
    throw new StatesError('States.Http.Socket', `${method} ${url} failed: ${(err as Error).message}`);
  }
  const text = await response.text();
  const answer = {
    Headers: responseHeaders(response.headers),
    ResponseBody: (response.headers.get('content-type') ?? '').includes('json') ? jsonOrText(text) : text,
    StatusCode: String(response.status),
    StatusText: response.statusText,
  };
  if (response.status >= 400) throw new StatesError(`States.Http.StatusCode.${response.status}`, JSON.stringify(answer));
  return answer;
}

/** The endpoint with its query parameters, refused unless its host is this machine's loopback. */
function endpointUrl(endpoint: string, query: Json | undefined, stateName: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new StatesError('States.Runtime', `State "${stateName}": ApiEndpoint "${endpoint}" is not a URL.`);
  }
  if (!LOOPBACK.has(url.hostname))
    throw new StatesError(
      'States.Runtime',
      `State "${stateName}": the HTTP task calls ${url.hostname}, but Godwit's HTTP tasks reach loopback hosts only (127.0.0.1, localhost, ::1). Run the service locally, or call it from a Lambda mapped in workflows.lambdas.`,
    );
  if (query && typeof query === 'object' && !Array.isArray(query))
    for (const [k, v] of Object.entries(query)) url.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  return url;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function responseHeaders(h: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  h.forEach((value, name) => {
    out[name] = value.split(/,\s*/);
  });
  return out;
}

function jsonOrText(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
