import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestId } from '../../src/server/http/request-ids.js';

describe('request ids', () => {
  test('are version 4 UUIDs as randomUUID writes them, and never repeat across batches', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seen = new Set<string>();
    // Over 10 batches of 256: the slices of every refilled batch, not just the first.
    for (let i = 0; i < 2_560; i++) {
      const id = requestId();
      assert.match(id, uuid);
      seen.add(id);
    }
    assert.equal(seen.size, 2_560);
    // Every hex digit shows up in the random positions (the table covers all 256 byte values).
    const digits = new Set([...seen].join('').replaceAll('-', ''));
    assert.equal(digits.size, 16);
  });
});
