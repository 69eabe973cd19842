import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GodwitError } from '../../core/errors.js';

/**
 * The home's secrets key: 32 random bytes in `<home>/secrets.key`, mode 0600, made on first need.
 * Access-key secrets must be recoverable to verify SigV4, so they are sealed with it
 * (AES-256-GCM) and the database holds only the sealed form: a copied database reveals no secret
 * without this file. A key file that group or others may read, or of the wrong size, is refused
 * rather than used (E_SECRETS_KEY_UNSAFE, E_SECRETS_KEY_INVALID).
 */
export const SECRETS_KEY_FILE = 'secrets.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export function secretsKeyPath(homeRoot: string): string {
  return join(homeRoot, SECRETS_KEY_FILE);
}

/** Reads the key, creating it (exclusively, mode 0600) when `create` and there is none. Undefined when absent and not created. */
export async function loadSecretsKey(homeRoot: string, create: boolean): Promise<Buffer | undefined> {
  const path = secretsKeyPath(homeRoot);
  const existing = await readChecked(path);
  if (existing || !create) return existing;
  await mkdir(dirname(path), { recursive: true });
  try {
    const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await file.writeFile(randomBytes(KEY_BYTES));
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readChecked(path);
}

async function readChecked(path: string): Promise<Buffer | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if ((info.mode & 0o077) !== 0) {
    throw new GodwitError(
      'E_SECRETS_KEY_UNSAFE',
      `The secrets key ${path} may be read by group or others (mode ${(info.mode & 0o777).toString(8)}); Godwit will not use it.`,
      { hint: `Make it private with: chmod 600 ${path}` },
    );
  }
  const key = await readFile(path);
  if (key.length !== KEY_BYTES) {
    throw new GodwitError(
      'E_SECRETS_KEY_INVALID',
      `The secrets key ${path} holds ${key.length} bytes, not ${KEY_BYTES}: it is not a key Godwit made.`,
      {
        hint: 'Restore the file from a backup of this home. Without it, access-key secrets cannot be read: delete the keys (godwit principals keys delete) and the file, and create new ones.',
      },
    );
  }
  return key;
}

/**
 * A secret of this home derived from its secrets key (HKDF-SHA256, `label` as the info), as
 * base64url of `bytes` bytes: the same in every process of the home, different in every home,
 * and not recoverable without the key file. Godwit's own local S3 key is one (s3-endpoint.ts).
 */
export function derivedSecret(key: Buffer, label: string, bytes = 30): string {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `godwit/${label}`, bytes)).toString('base64url');
}

/** `v1:` and base64 of IV, tag and ciphertext; `context` (the access key id) is bound in as associated data. */
export function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function unseal(key: Buffer, sealed: string, context: string, path: string): string {
  const raw = sealed.startsWith(`${VERSION}:`) ? Buffer.from(sealed.slice(VERSION.length + 1), 'base64') : Buffer.alloc(0);
  try {
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new GodwitError(
      'E_SECRETS_KEY_MISMATCH',
      `The secret of access key ${context} cannot be decrypted with ${path}: the key file is not the one it was sealed with.`,
      {
        hint: 'Homes that share one PostgreSQL metadata database must share one secrets.key; restore it, or delete the access key and create a new one.',
        cause: err,
      },
    );
  }
}
