import type { GodwitHome } from '../../core/home.js';
import type { EndpointCatalog } from '../../endpoints/endpoint-records.js';
import type { StoreOptions } from '../../store/index.js';
import { EndpointHost } from './endpoint-host.js';
import type { HostSeams } from './host-seams.js';
import { notifyingCatalog } from './notifying-catalog.js';

export interface ServerHost {
  readonly host: EndpointHost;
  /** The catalog front doors use: the same records, and a change wakes the host. */
  readonly catalog: EndpointCatalog;
  /** Opens the shadow recorder and brings back every recorded endpoint. */
  start(): Promise<void>;
  /** Drains every endpoint, then flushes shadow records. */
  close(): Promise<void>;
}

export interface ServerHostOptions {
  readonly catalog: EndpointCatalog;
  readonly home: GodwitHome;
  readonly log: (line: string) => void;
  /** Reaches `s3://` and `gs://` for model data and capture; set once the server listens. */
  readonly storeOptions: () => StoreOptions;
  readonly tickMs?: number;
}

/**
 * The endpoint host as `godwit server` runs it, with every seam wired: capture writes through the
 * capture writer, shadow pairs go to the shadow recorder under the home. Also returns the catalog
 * the front doors must use, so a change made through the server wakes the host at once.
 * Constructing does no I/O; `host.start()` does.
 */
export function serverHost(options: ServerHostOptions): ServerHost {
  const { home, log } = options;
  let recorder: import('../shadow/shadow-recorder.js').ShadowRecorder | undefined;
  const seams: HostSeams = {
    get storeOptions() {
      return options.storeOptions();
    },
    openCapture: async (endpointName, spec) => {
      const { openCaptureSink } = await import('../capture/capture-writer.js');
      return openCaptureSink({
        spec,
        storeOptions: options.storeOptions(),
        onWriteError: (err, attempt) =>
          log(`endpoint ${endpointName}: capture write failed (attempt ${attempt}): ${(err as Error).message}`),
      });
    },
    shadows: {
      record: (...args) => recorder?.record(...args),
    },
  };
  const host = new EndpointHost({ catalog: options.catalog, home, seams, log, tickMs: options.tickMs });
  return {
    host,
    start: async () => {
      const { ShadowRecorder } = await import('../shadow/shadow-recorder.js');
      recorder = new ShadowRecorder({ home, onError: (err) => log(`shadow record failed: ${(err as Error).message}`) });
      await host.start();
    },
    catalog: notifyingCatalog(options.catalog, () => void host.reconcile().catch(() => {})),
    close: async () => {
      await host.close();
      await recorder?.close();
    },
  };
}
