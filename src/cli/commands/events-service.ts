import { systemClock } from '../../core/clock.js';
import { CatalogEventBridgeService } from '../../events/bus/catalog-eventbridge-service.js';
import type { Page, PageRequest } from '../../events/bus/eventbridge-records.js';
import type { EventBridgeService } from '../../events/bus/eventbridge-service.js';
import type { CliIo } from '../cli-io.js';
import { withMetadata } from '../open-home.js';

/**
 * The EventBridge service over the caller's metadata: every `godwit events` verb is recorded
 * state (the server routes, delivers and fires from the same records), so none needs a server.
 */
export function withEventBridge<T>(io: CliIo, use: (events: EventBridgeService) => Promise<T>): Promise<T> {
  return withMetadata(io, (metadata) => use(new CatalogEventBridgeService(metadata.eventbridge, systemClock)));
}

/** Every item of a paged listing. */
export async function allPages<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await list({ nextToken, limit: 100 });
    out.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
