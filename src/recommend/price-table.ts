import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GodwitError } from '../core/errors.js';

/**
 * Hourly prices of cloud instance types, dated and sourced, as in
 * `src/recommend/prices/sagemaker-realtime-us-east-1.json` (the default) or a `--prices` file of
 * the same shape.
 */
export interface PriceTable {
  readonly service: string;
  readonly region: string;
  readonly currency: string;
  /** When the prices were published (`2025-10`). */
  readonly date: string;
  readonly source: string;
  readonly note?: string;
  readonly instanceTypes: readonly InstancePrice[];
}

export interface InstancePrice {
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly pricePerHour: number;
}

export const DEFAULT_PRICE_TABLE = 'sagemaker-realtime-us-east-1.json';

/**
 * Reads a price table, `path` or the shipped default. The package ships `src/`, not a copy in
 * `dist/`, so a built Godwit finds the default in the package's `src/` (as shipped scripts are found).
 */
export async function readPriceTable(path?: string): Promise<PriceTable> {
  const file = path ?? (await shippedTable());
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new GodwitError('E_RECOMMEND_PRICES', `Cannot read the price table ${file}: ${err.message}.`, {
      hint: 'Give a JSON file shaped like src/recommend/prices/sagemaker-realtime-us-east-1.json.',
    });
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw priceError(file, `it is not JSON (${(err as Error).message})`);
  }
  return checkTable(file, doc);
}

function checkTable(file: string, doc: unknown): PriceTable {
  const t = doc as Partial<PriceTable> | null;
  for (const field of ['service', 'region', 'currency', 'date', 'source'] as const) {
    if (typeof t?.[field] !== 'string' || t[field] === '')
      throw priceError(file, `"${field}" is missing (a price table says where and when its prices come from)`);
  }
  if (!Array.isArray(t?.instanceTypes) || t.instanceTypes.length === 0)
    throw priceError(file, '"instanceTypes" is missing or empty');
  t.instanceTypes.forEach((p: Partial<InstancePrice>, i) => {
    if (typeof p?.instanceType !== 'string') throw priceError(file, `instanceTypes[${i}] has no "instanceType"`);
    for (const field of ['vcpu', 'memoryGiB', 'pricePerHour'] as const) {
      const v = p[field];
      if (typeof v !== 'number' || !(v > 0))
        throw priceError(
          file,
          `instanceTypes[${i}] (${p.instanceType}) has "${field}" ${JSON.stringify(v)}, not a positive number`,
        );
    }
  });
  return t as PriceTable;
}

function priceError(file: string, why: string): GodwitError {
  return new GodwitError('E_RECOMMEND_PRICES', `The price table ${file} cannot be used: ${why}.`, {
    hint: 'Fix it, or compare with src/recommend/prices/sagemaker-realtime-us-east-1.json.',
  });
}

async function shippedTable(): Promise<string> {
  const paths = [`./prices/${DEFAULT_PRICE_TABLE}`, `../../src/recommend/prices/${DEFAULT_PRICE_TABLE}`].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  for (const path of paths) if (await stat(path).catch(() => undefined)) return path;
  return paths[0];
}
