import { currentActor } from '../../core/actor.js';
import type { Clock } from '../../core/clock.js';
import type { Caller, Principal, PrincipalStore } from '../../governance/governance-records.js';
import { principalsGeneration } from '../../governance/principals/principal-changes.js';
import { RUN_SESSION_PREFIX } from '../../governance/principals/run-sessions.js';
import { LOCAL_S3_ACCESS_KEY_ID, type LocalS3Credentials } from '../aws/s3/s3-endpoint.js';
import type { FrontDoor } from '../front-door.js';
import type { Reply, ServerRequest } from '../http/exchange.js';
import { header } from '../http/exchange.js';
import { bearerRefused, signatureRefused } from './auth-replies.js';
import { ChunkSignatureChain, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER } from './chunk-signatures.js';
import { checkTime, readSignature, verifySignature } from './sigv4-verify.js';

/** How long "this home has no principals" is trusted before it is read again (another process may create one). */
const RECHECK_MS = 1000;

/** The session cookie `POST /api/session` sets: the bearer token itself, HttpOnly and SameSite=Strict (session-door.ts). */
export const SESSION_COOKIE = 'godwit_session';

export interface AuthenticatorOptions {
  readonly principals: Pick<PrincipalStore, 'any' | 'resolveAccessKey' | 'resolveToken'>;
  readonly clock: Clock;
  /**
   * The server listens beyond loopback: every request must then carry credentials, even if the
   * home's principals were all deleted after it started (it never falls back to the open local mode).
   */
  readonly exposed: boolean;
  /**
   * Godwit's own local S3 key for this home (`localS3Credentials`: its secret derived from the
   * home's secrets key), accepted from loopback as the local user. Without it that key is not accepted.
   */
  readonly localS3?: LocalS3Credentials;
  /**
   * A running run's session key (`GWRS…`, run-sessions.ts): its principal and secret while the
   * run acting as that principal runs. Without it such keys are unknown.
   */
  readonly runSessions?: (
    accessKeyId: string,
  ) => Promise<{ readonly principal: Principal; readonly secretAccessKey: string } | undefined>;
}

/**
 * Who is calling (docs/governance.md, "Principals and credentials"). With no principals in the
 * home, everyone on loopback is the local user and nothing is checked, as before. Once one
 * exists, AWS doors need a valid SigV4 signature by an active access key, and Godwit's own API a
 * bearer token or the session cookie; a request without them is answered in its door's error
 * shape and never reaches the door. Whether principals exist is read at most once a second, and
 * at once after this process changed them.
 */
export class Authenticator {
  readonly #options: AuthenticatorOptions;
  readonly #local: Caller = Object.freeze({ kind: 'local', user: currentActor() });
  #known: boolean | undefined;
  #checkedAt = 0;
  #generation = -1;
  #reading: Promise<boolean> | undefined;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /**
   * True when requests need no credentials, known without reading the database: what the
   * InvokeEndpoint fast path asks. When what it knows is stale it says no and reads again in the
   * background, so the fast path resumes as soon as the answer is back.
   */
  open(): boolean {
    if (this.#options.exposed) return false;
    if (this.#known !== undefined && this.#fresh()) return !this.#known;
    this.#required().catch(() => {});
    return false;
  }

  /** Sets `req.caller`, or answers the refusal. */
  async authenticate(req: ServerRequest, door: FrontDoor): Promise<Reply | undefined> {
    if (!this.#options.exposed && !(await this.#required())) {
      req.caller = this.#local;
      return undefined;
    }
    return door.match.protocol === 'godwit' ? this.#bearer(req, door) : this.#sigv4(req, door);
  }

  /** The principal a bearer token or session cookie names, for the session door. */
  async tokenCaller(token: string | undefined): Promise<Caller | undefined> {
    const principal = token ? await this.#options.principals.resolveToken(token) : undefined;
    return principal && { kind: 'principal', principal };
  }

  async #bearer(req: ServerRequest, door: FrontDoor): Promise<Reply | undefined> {
    const token = bearerToken(req);
    if (token === undefined)
      return bearerRefused(door, 'This server needs credentials: the request has no bearer token or session.');
    const caller = await this.tokenCaller(token);
    if (!caller) return bearerRefused(door, 'The bearer token is not valid: unknown, expired or deleted.');
    req.caller = caller;
    return undefined;
  }

  async #sigv4(req: ServerRequest, door: FrontDoor): Promise<Reply | undefined> {
    const signed = readSignature(req);
    if ('ok' in signed) return signatureRefused(door, signed.reason, signed.message, req.requestId);
    const late = checkTime(signed, this.#options.clock.now().getTime());
    if (late) return signatureRefused(door, late.reason, late.message, req.requestId);
    const localS3 = this.#options.localS3;
    const local = localS3 !== undefined && signed.accessKeyId === LOCAL_S3_ACCESS_KEY_ID && isLoopback(req.remoteAddress);
    const session = this.#options.runSessions && signed.accessKeyId.startsWith(RUN_SESSION_PREFIX);
    const resolved = local
      ? { principal: undefined, secretAccessKey: localS3.secretAccessKey }
      : session
        ? await this.#options.runSessions?.(signed.accessKeyId)
        : await this.#options.principals.resolveAccessKey(signed.accessKeyId);
    if (!resolved) {
      return signatureRefused(door, 'unknown-key', `The access key ${signed.accessKeyId} is not known here.`, req.requestId);
    }
    const target = req.target ?? `${req.path}${req.query.size > 0 ? `?${req.query}` : ''}`;
    const verdict = await verifySignature(req, target, signed, resolved.secretAccessKey);
    if (!verdict.ok) return signatureRefused(door, verdict.reason, verdict.message, req.requestId);
    // A body signed chunk by chunk: the seed signature is verified; the S3 door verifies the rest as it streams.
    const payload = header(req, 'x-amz-content-sha256');
    if (signed.service === 's3' && !signed.presigned && (payload === STREAMING_SIGNED || payload === STREAMING_SIGNED_TRAILER)) {
      req.chunkSignatures = new ChunkSignatureChain({
        ...signed,
        secretAccessKey: resolved.secretAccessKey,
        seedSignature: signed.signature,
        trailer: payload === STREAMING_SIGNED_TRAILER,
      });
    }
    req.caller = resolved.principal ? { kind: 'principal', principal: resolved.principal } : this.#local;
    return undefined;
  }

  #fresh(): boolean {
    return this.#generation === principalsGeneration() && Date.now() - this.#checkedAt < RECHECK_MS;
  }

  async #required(): Promise<boolean> {
    if (this.#known !== undefined && this.#fresh()) return this.#known;
    if (!this.#reading) {
      const generation = principalsGeneration();
      this.#reading = this.#options.principals
        .any()
        .then((any) => {
          this.#known = any;
          this.#checkedAt = Date.now();
          this.#generation = generation;
          return any;
        })
        .finally(() => {
          this.#reading = undefined;
        });
    }
    return this.#reading;
  }
}

/** `Authorization: Bearer gw_…`, else the session cookie. */
export function bearerToken(req: Pick<ServerRequest, 'headers'>): string | undefined {
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m?.[1];
  }
  const cookies = header(req, 'cookie');
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Loopback peers: Godwit's own processes on this machine (the home's local S3 key is accepted only from them). */
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}
