/**
 * A store rooted at a folder of another store: `gs://bucket/team/runs` is the bucket's store seen
 * through the prefix `team/runs/`. Keys are checked here before the prefix is added, so a key can
 * never climb out of the prefix; URIs and error messages are the inner store's, which already name
 * the whole object (`gs://bucket/team/runs/k`).
 */
import type { ArtifactStore, ObjectInfo, PutData } from './artifact-store.js';
import { keySegments, prefixFolder } from './keys.js';

export class PrefixedStore implements ArtifactStore {
  /** The prefix with its trailing `/`. */
  private readonly root: string;

  /** `prefix` is a key (`team/runs`, validated); an empty prefix would be the inner store itself. */
  constructor(
    private readonly inner: ArtifactStore,
    prefix: string,
  ) {
    this.root = `${keySegments(prefix.replace(/\/+$/, '')).join('/')}/`;
  }

  // The methods are async so that a bad key rejects like any other failure instead of throwing.
  async put(key: string, data: PutData): Promise<ObjectInfo> {
    return this.strip(await this.inner.put(this.full(key), data));
  }

  async putFile(key: string, localPath: string): Promise<ObjectInfo> {
    return this.strip(await this.inner.putFile(this.full(key), localPath));
  }

  async get(key: string): Promise<Buffer> {
    return this.inner.get(this.full(key));
  }

  async getToFile(key: string, localPath: string): Promise<ObjectInfo> {
    return this.strip(await this.inner.getToFile(this.full(key), localPath));
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const info = await this.inner.head(this.full(key));
    return info && this.strip(info);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    prefixFolder(prefix);
    return (await this.inner.list(this.root + prefix)).map((i) => this.strip(i));
  }

  async delete(key: string): Promise<void> {
    return this.inner.delete(this.full(key));
  }

  async verify(key: string): Promise<ObjectInfo> {
    return this.strip(await this.inner.verify(this.full(key)));
  }

  uri(key: string): string {
    return this.inner.uri(this.full(key));
  }

  keyOf(uri: string): string | undefined {
    const key = this.inner.keyOf(uri);
    if (key === undefined) return undefined;
    if (key === this.root || `${key}/` === this.root) return '';
    return key.startsWith(this.root) ? key.slice(this.root.length) : undefined;
  }

  private full(key: string): string {
    return this.root + keySegments(key).join('/');
  }

  private strip(info: ObjectInfo): ObjectInfo {
    return { ...info, key: info.key.slice(this.root.length) };
  }
}
