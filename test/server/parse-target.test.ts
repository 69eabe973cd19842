import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTarget } from '../../src/server/http/http-server.js';

/** What the server read before `parseTarget` had a fast path: `new URL` against a dummy origin. */
function viaUrl(target: string): { path: string; query: [string, string][] } | 'throws' {
  try {
    const url = new URL(target, 'http://server');
    return { path: url.pathname, query: [...url.searchParams] };
  } catch {
    return 'throws';
  }
}

function viaParse(target: string): { path: string; query: [string, string][] } | 'throws' {
  try {
    const { path, query } = parseTarget(target);
    return { path, query: [...new URLSearchParams(query)] };
  } catch {
    return 'throws';
  }
}

describe('parseTarget reads a request target exactly as new URL does', () => {
  test('targets URL rewrites or splits differently', () => {
    const targets = [
      '/api/v1/health',
      '/api/v1/runs?limit=5&status=failed',
      '/endpoints/my%20ep/invocations',
      '/a/./b',
      '/a/../b',
      '/a/%2e%2E/b',
      '/a/.%2e/b',
      '/.hidden/x',
      '/a/b.c/..d/e.',
      '//evil.example/path',
      '/a//b',
      '/a b?c d=e f',
      '/a\\b',
      '/p?q=1#frag',
      '/p#frag?x=1',
      '/p?a=%zz&b=%41&c=+d',
      '/p?X-Amz-Credential=AKID%2F20261205%2Feu-west-1%2Fsagemaker%2Faws4_request',
      '/p?x=\'"<>`{}|^',
      '/é?é=ü',
      '/p?',
      '/',
      '*',
      'http://other.example/x?y=1',
      'http://[bad',
    ];
    for (const t of targets) assert.deepEqual(viaParse(t), viaUrl(t), t);
  });

  test('random targets over the characters that matter', () => {
    const alphabet = [...'//aZ0..%2eE?#&=+ \\"\'~@:é'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 20_000; i++) {
      let t = '/';
      const length = next() % 14;
      for (let j = 0; j < length; j++) t += alphabet[next() % alphabet.length];
      assert.deepEqual(viaParse(t), viaUrl(t), JSON.stringify(t));
    }
  });
});
