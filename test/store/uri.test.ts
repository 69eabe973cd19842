import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatUri, fromFileUri, normalizeUri, parseUri, toFileUri } from '../../src/core/uri.js';

const code = (expected: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, expected, String(err));
  return true;
};

describe('artifact URIs', () => {
  test('file:// URIs are percent-decoded into normalized absolute paths', () => {
    assert.deepEqual(parseUri('file:///data/my%20runs/model'), { scheme: 'file', path: '/data/my runs/model' });
    assert.deepEqual(parseUri('file:///a/b/../c/'), { scheme: 'file', path: '/a/c' });
    assert.deepEqual(parseUri('file://localhost/srv/x'), { scheme: 'file', path: '/srv/x' });
    assert.deepEqual(parseUri('file:/srv/x'), { scheme: 'file', path: '/srv/x' });
    assert.deepEqual(parseUri('FILE:///srv/x'), { scheme: 'file', path: '/srv/x' });
    assert.deepEqual(parseUri('file:///n%C3%A4ive/%E6%97%A5'), { scheme: 'file', path: '/näive/日' });
  });

  test('toFileUri percent-encodes what a URL cannot hold, and fromFileUri undoes it', () => {
    const path = '/tmp/with space/50%/#hash?query/日本';
    const uri = toFileUri(path);
    assert.equal(uri, 'file:///tmp/with%20space/50%25/%23hash%3Fquery/%E6%97%A5%E6%9C%AC');
    assert.equal(fromFileUri(uri), path);
    assert.deepEqual(parseUri(uri), { scheme: 'file', path });
  });

  test('s3:// and gs:// keys are literal, not percent-decoded', () => {
    assert.deepEqual(parseUri('s3://bucket/abalone/raw data%20.csv'), {
      scheme: 's3',
      bucket: 'bucket',
      key: 'abalone/raw data%20.csv',
    });
    assert.deepEqual(parseUri('gs://my-bucket.example/a/#b?c'), { scheme: 'gs', bucket: 'my-bucket.example', key: 'a/#b?c' });
    assert.deepEqual(parseUri('s3://bucket'), { scheme: 's3', bucket: 'bucket', key: '' });
    assert.deepEqual(parseUri('S3://bucket/k'), { scheme: 's3', bucket: 'bucket', key: 'k' });
  });

  test('plain paths are accepted: absolute as is, relative against the base folder', () => {
    assert.deepEqual(parseUri('/data/x.csv'), { scheme: 'file', path: '/data/x.csv' });
    assert.deepEqual(parseUri('data/../raw/x.csv', { baseDir: '/pipelines/abalone' }), {
      scheme: 'file',
      path: '/pipelines/abalone/raw/x.csv',
    });
    // A colon in a relative path does not make it a URI.
    assert.deepEqual(parseUri('runs:2024/x.csv', { baseDir: '/p' }), { scheme: 'file', path: '/p/runs:2024/x.csv' });
  });

  test('a relative path without a base folder is an error, not a guess', () => {
    assert.throws(
      () => parseUri('data/x.csv'),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'E_URI');
        assert.ok(err.message.includes('"data/x.csv"') && err.message.includes('relative'), err.message);
        return true;
      },
    );
  });

  test('unsupported schemes and malformed URIs are E_URI naming the value and the supported schemes', () => {
    for (const bad of [
      'http://example.com/x',
      'hdfs://nn/x',
      's3://',
      's3:///key',
      'gs://bad bucket/x',
      'file://server/share/x',
      'file:///a%2Fb',
      '',
      'file:///a%00b',
      'file:rel',
    ]) {
      assert.throws(
        () => parseUri(bad, { baseDir: '/p' }),
        (err: Error & { code?: string; hint?: string }) => {
          assert.equal(err.code, 'E_URI', `${bad}: ${String(err)}`);
          assert.ok(err.message.includes(`"${bad}"`), err.message);
          assert.ok(err.hint?.includes('file://') && err.hint.includes('s3://') && err.hint.includes('gs://'));
          return true;
        },
      );
    }
    assert.throws(() => fromFileUri('s3://b/k'), code('E_URI'));
  });

  test('formatUri inverts parseUri, and normalizeUri gives one spelling per location', () => {
    for (const uri of ['file:///a%20b/c', 's3://b/k/x y.csv', 'gs://b/', 's3://b/']) assert.equal(formatUri(parseUri(uri)), uri);
    assert.equal(normalizeUri('file://localhost/a/./b/'), 'file:///a/b');
    assert.equal(normalizeUri('x y', { baseDir: '/base' }), 'file:///base/x%20y');
    assert.equal(normalizeUri('s3://b'), 's3://b/');
  });
});
