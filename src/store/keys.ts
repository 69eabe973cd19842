/**
 * Key rules shared by every store, checked before any I/O. They are stricter than S3's so that a
 * key means the same object in every backend: `a//b` and `a/./b` would be distinct keys in S3 but
 * one file on disk, and `..` would leave the root.
 */
import { keyEscapesRoot } from './store-errors.js';

/** Checks a key and returns its segments. Throws E_KEY_ESCAPES_ROOT. */
export function keySegments(key: string): string[] {
  if (key === '') throw keyEscapesRoot(key, 'it is empty and would name the root itself');
  if (key.includes('\0')) throw keyEscapesRoot(key, 'it contains a NUL byte');
  if (key.startsWith('/')) throw keyEscapesRoot(key, 'it is an absolute path');
  const segments = key.split('/');
  for (const s of segments) {
    if (s === '') throw keyEscapesRoot(key, 'it has an empty segment (a leading, trailing or doubled "/")');
    if (s === '..') throw keyEscapesRoot(key, 'it has a ".." segment');
    if (s === '.') throw keyEscapesRoot(key, 'it has a "." segment');
  }
  return segments;
}

/**
 * Checks a list prefix: `''`, a key, or a key with a trailing `/` or a partial last segment
 * (`a/b` matches `a/bc`). Returns the folder segments a listing has to look in (`a/b` → `['a']`).
 */
export function prefixFolder(prefix: string): string[] {
  if (prefix.includes('\0')) throw keyEscapesRoot(prefix, 'it contains a NUL byte');
  if (prefix.startsWith('/')) throw keyEscapesRoot(prefix, 'it is an absolute path');
  const slash = prefix.lastIndexOf('/');
  return slash === -1 ? [] : keySegments(prefix.slice(0, slash));
}

/** `prefix` and a relative path joined into a key; an empty prefix adds nothing. */
export function joinKey(prefix: string, path: string): string {
  const folder = prefix.replace(/\/+$/, '');
  return folder === '' ? path : `${folder}/${path}`;
}
