/**
 * Reading Lake Formation inputs: the fields an operation needs, typed, and Lake Formation's
 * `CatalogId`s (this home is the one catalog, `000000000000`) checked and dropped, so the
 * catalog receives the contract's shapes.
 */
import type { DataCellsFilter, LfResource } from '../../../governance/governance-records.js';
import { AwsError } from '../aws-error.js';

export const CATALOG_ID = '000000000000';

const invalid = (message: string) => new AwsError('InvalidInputException', message);

export function text(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw invalid(`${field} is required and must be a string.`);
  return value;
}

export function optionalText(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string.`);
  return value;
}

export function object(input: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = input[field];
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${field} is required and must be an object.`);
  return value as Record<string, unknown>;
}

export function strings(input: Record<string, unknown>, field: string, required = false): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${field} is required.`);
    return undefined;
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(`${field} must be a list of strings.`);
  return value as string[];
}

export function maxResults(input: Record<string, unknown>): number {
  const value = input.MaxResults;
  if (value === undefined || value === null) return 100;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)
    throw invalid('MaxResults must be a whole number from 1 to 1000.');
  return value;
}

/** Refuses a catalog other than this one (Lake Formation answers EntityNotFound for an unknown catalog). */
export function checkCatalogId(id: unknown): void {
  if (id !== undefined && id !== null && id !== CATALOG_ID) {
    throw new AwsError(
      'EntityNotFoundException',
      `Catalog ${String(id)} does not exist; this server's catalog is ${CATALOG_ID}.`,
    );
  }
}

/** A request's `Resource` without CatalogIds; features Godwit does not keep (named LF-tag expressions) refused by name. */
export function resourceOf(value: unknown, field = 'Resource'): LfResource {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${field} is required and must be an object.`);
  const out: Record<string, unknown> = {};
  for (const [kind, member] of Object.entries(value as Record<string, unknown>)) {
    if (member === undefined || member === null) continue;
    if (kind === 'LFTagExpression')
      throw invalid('Named LF-tag expressions (LFTagExpression) are not served by Godwit; give LFTagPolicy.Expression.');
    if (typeof member !== 'object' || Array.isArray(member)) throw invalid(`${field}.${kind} must be an object.`);
    const { CatalogId, TableCatalogId, Id, ...rest } = member as Record<string, unknown>;
    checkCatalogId(CatalogId ?? TableCatalogId ?? (kind === 'Catalog' ? Id : undefined));
    if (kind === 'LFTagPolicy' && rest.ExpressionName !== undefined) {
      throw invalid('LFTagPolicy.ExpressionName (a named expression) is not served by Godwit; give LFTagPolicy.Expression.');
    }
    if (kind === 'LFTagPolicy' && Array.isArray(rest.Expression)) {
      rest.Expression = (rest.Expression as Record<string, unknown>[]).map(({ CatalogId: c, ...pair }) => {
        checkCatalogId(c);
        return pair;
      });
    }
    out[kind] = rest;
  }
  return out as LfResource;
}

/** A `TableData` (DataCellsFilter) without its TableCatalogId. */
export function filterOf(value: unknown): DataCellsFilter {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('TableData is required and must be an object.');
  const { TableCatalogId, ...rest } = value as Record<string, unknown>;
  checkCatalogId(TableCatalogId);
  for (const field of ['DatabaseName', 'TableName', 'Name']) text(rest, field);
  return rest as unknown as DataCellsFilter;
}

/** A filter as Lake Formation answers it, with its TableCatalogId. */
export function filterOut(f: DataCellsFilter): Record<string, unknown> {
  return { TableCatalogId: CATALOG_ID, ...f };
}
