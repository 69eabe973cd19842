/**
 * One lock per object key, within the one server process that owns a home's S3 folder. Holders
 * only ever do a few local file operations (open a file, read its metadata, rename one over it),
 * never network I/O, so a wait is bounded by the disk and no timeout is needed: a slow client
 * streaming a body or reading one holds no lock.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `critical` once every earlier holder of `key` has finished, and releases the key after it. */
  async with<T>(key: string, critical: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await critical();
    } finally {
      release();
      // The last holder forgets the key, so the map does not grow with every key ever touched.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
