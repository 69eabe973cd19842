/**
 * An artifact store as a caller may use it: every call asks the `ObjectGovernor` first, with the
 * URI it touches, and writes the decision to the access log; a refusal is E_ACCESS_DENIED before
 * any I/O, so nothing is written or deleted. A listing is itself a decision (on its prefix), and
 * leaves out, silently, the objects the caller could not read (a prefix above a registered
 * location lists only what the caller may read below it). For the local caller the store is
 * returned as it is.
 */
import type { ArtifactStore, ObjectInfo, PutData } from '../../store/artifact-store.js';
import type { Caller } from '../governance-records.js';
import type { ObjectAction, ObjectGovernor } from './object-access.js';

export function governedStore(store: ArtifactStore, caller: Caller, governor: ObjectGovernor): ArtifactStore {
  if (caller.kind === 'local') return store;
  return new GovernedStore(store, caller, governor);
}

class GovernedStore implements ArtifactStore {
  constructor(
    private readonly store: ArtifactStore,
    private readonly caller: Caller,
    private readonly governor: ObjectGovernor,
  ) {}

  private async check(action: ObjectAction, key: string): Promise<void> {
    await this.governor.check(this.caller, action, this.store.uri(key));
  }

  async put(key: string, data: PutData): Promise<ObjectInfo> {
    await this.check('write', key);
    return this.store.put(key, data);
  }

  async putFile(key: string, localPath: string): Promise<ObjectInfo> {
    await this.check('write', key);
    return this.store.putFile(key, localPath);
  }

  async get(key: string): Promise<Buffer> {
    await this.check('read', key);
    return this.store.get(key);
  }

  async getToFile(key: string, localPath: string): Promise<ObjectInfo> {
    await this.check('read', key);
    return this.store.getToFile(key, localPath);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    await this.check('read', key);
    return this.store.head(key);
  }

  async verify(key: string): Promise<ObjectInfo> {
    await this.check('read', key);
    return this.store.verify(key);
  }

  async delete(key: string): Promise<void> {
    await this.check('delete', key);
    return this.store.delete(key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    await this.governor.check(this.caller, 'list', prefixUri(this.store, prefix));
    const all = await this.store.list(prefix);
    const shown: ObjectInfo[] = [];
    for (const o of all) {
      // Outside every registered location IAM allowed the listing, and S3 lists every key; under one, only what it may read.
      const access = await this.governor.decide(this.caller, 'read', this.store.uri(o.key));
      if (access.allowed || !access.decision?.action.startsWith('lakeformation:')) shown.push(o);
    }
    return shown;
  }

  uri(key: string): string {
    return this.store.uri(key);
  }

  keyOf(uri: string): string | undefined {
    return this.store.keyOf(uri);
  }
}

/** A prefix's URI: the root's (`s3://bucket`) for `''`; a folder prefix keeps its trailing slash. */
function prefixUri(store: ArtifactStore, prefix: string): string {
  const folder = prefix.replace(/\/+$/, '');
  if (folder === '') return store.uri('_').slice(0, -2);
  return `${store.uri(folder)}${prefix.endsWith('/') ? '/' : ''}`;
}
