/**
 * A data set as named columns of cells, the shape the bias metrics read: label, facet, predicted
 * label, group variable and (for the flip test) every other feature. Cells that look like decimal
 * numbers are numbers, empty cells are null, everything else stays text.
 */
import { GodwitError } from '../../core/errors.js';
import { parseNumber } from '../../ml/csv.js';

export type Cell = string | number | null;

export interface BiasTable {
  /** Column names in file order. */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** The column's cells, one per row; undefined for a column the table does not have. */
  column(name: string): readonly Cell[] | undefined;
}

/** Builds a table row by row; a row that lacks a column gets null there. */
export class TableBuilder {
  private readonly data = new Map<string, Cell[]>();
  private rows = 0;

  add(row: ReadonlyMap<string, Cell> | readonly (readonly [string, Cell])[]): void {
    for (const [name, cell] of row) {
      let col = this.data.get(name);
      if (!col) {
        col = new Array<Cell>(this.rows).fill(null);
        this.data.set(name, col);
      }
      col[this.rows] = cell;
    }
    this.rows++;
    for (const col of this.data.values()) if (col.length < this.rows) col.push(null);
  }

  build(): BiasTable {
    const data = this.data;
    return { columns: [...data.keys()], rowCount: this.rows, column: (name) => data.get(name) };
  }
}

/** A CSV or JSON value as a cell. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (value.trim() === '') return null;
    return parseNumber(value) ?? value;
  }
  return JSON.stringify(value);
}

/** The column, or E_BIAS_COLUMN_MISSING naming it, its role and the columns there are. */
export function requireColumn(table: BiasTable, name: string, role: string, where: string): readonly Cell[] {
  const col = table.column(name);
  if (col) return col;
  const shown = table.columns.slice(0, 20).join(', ') + (table.columns.length > 20 ? ', …' : '');
  throw new GodwitError('E_BIAS_COLUMN_MISSING', `The ${role} column "${name}" is not in ${where}. Its columns: ${shown}.`, {
    hint: `Name one of those columns as the ${role}, or give --headers / "headers" when the file has no header row.`,
  });
}
