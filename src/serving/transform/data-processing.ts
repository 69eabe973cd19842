/**
 * SageMaker batch transform's `DataProcessing`, record by record:
 *
 * 1. `InputFilter` selects what the model sees from each input record (`$[1:]` drops an ID column);
 * 2. `JoinSource: Input` joins the *original* record with its prediction: a CSV record gets the
 *    prediction's cells appended (`id,f1,f2` + `p` → `id,f1,f2,p`); a JSON record that is an object
 *    gets a `SageMakerOutput` key, any other JSON record becomes
 *    `{"SageMakerInput": …, "SageMakerOutput": …}`;
 * 3. `OutputFilter` selects what is written from the joined record (`$[0,-1]` → `id,p`), or from
 *    the prediction alone without a join.
 *
 * CSV records are arrays of their cells (strings, written back unchanged); JSON records are parsed.
 * A prediction in CSV joined to a JSON record is its cells, numbers where numeric, and one number
 * alone when it has one cell.
 */
import { GodwitError } from '../../core/errors.js';
import { mediaType } from '../../ml/inference-format.js';
import { csvCells, csvLine } from './csv-cells.js';
import { parseTransformPath, selectPath, type TransformPath } from './transform-path.js';

export interface DataProcessing {
  readonly inputFilter?: string;
  readonly joinSource?: 'Input' | 'None';
  readonly outputFilter?: string;
}

export type RecordFormat = 'csv' | 'json';

/** `csv` for `text/csv`, `json` for JSON and JSON lines, undefined for anything else. */
export function recordFormat(contentType: string | undefined): RecordFormat | undefined {
  const type = mediaType(contentType ?? '');
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json' || type === 'application/jsonlines' || type === 'application/x-jsonlines') return 'json';
  return undefined;
}

/** The compiled filters of one job. `perRecord` says whether outputs must be split by record. */
export class RecordProcessor {
  private readonly input?: TransformPath;
  private readonly output?: TransformPath;
  readonly join: boolean;
  readonly perRecord: boolean;

  /** `outputFormat` is the `Accept` type's, when given; else each answer's own type decides. */
  constructor(
    processing: DataProcessing,
    private readonly inputFormat: RecordFormat | undefined,
    private readonly outputFormat: RecordFormat | undefined,
  ) {
    const filter = (text: string | undefined, field: string) =>
      text === undefined || text === '$' ? undefined : parseTransformPath(text, field);
    this.input = filter(processing.inputFilter, 'InputFilter');
    this.output = filter(processing.outputFilter, 'OutputFilter');
    this.join = processing.joinSource === 'Input';
    this.perRecord = this.join || this.output !== undefined;
    if ((this.input || this.join) && !inputFormat) refuse('InputFilter and JoinSource need CSV or JSON input (ContentType).');
    if (outputFormat) this.checkPredictions(outputFormat);
  }

  private checkPredictions(format: RecordFormat | undefined): RecordFormat {
    if (!format)
      refuse('JoinSource and OutputFilter need CSV or JSON predictions: set Accept to text/csv or application/jsonlines.');
    if (this.join && this.inputFormat === 'csv' && format !== 'csv')
      refuse('joining CSV input needs CSV predictions: set Accept to text/csv.');
    return format as RecordFormat;
  }

  /** What the model receives for one input record. */
  filterInput(record: Buffer): Buffer {
    if (!this.input) return record;
    const value = selectPath(this.parse(record, this.inputFormat), this.input);
    return Buffer.from(this.inputFormat === 'csv' ? csvLine(value) : JSON.stringify(value));
  }

  /** The output line for one input record and its prediction, answered as `answerType`. */
  finish(record: Buffer, prediction: Buffer, answerType: string): string {
    const predictionFormat = this.checkPredictions(this.outputFormat ?? recordFormat(answerType));
    let value: unknown = this.parse(prediction, predictionFormat);
    let format: RecordFormat | undefined = predictionFormat;
    if (this.join) {
      const input = this.parse(record, this.inputFormat);
      format = this.inputFormat;
      if (this.inputFormat === 'csv') value = [...(input as string[]), ...(value as string[])];
      else {
        const output = predictionFormat === 'csv' ? numericCells(value as string[]) : value;
        value = isObject(input) ? { ...input, SageMakerOutput: output } : { SageMakerInput: input, SageMakerOutput: output };
      }
    }
    if (this.output) value = selectPath(value, this.output);
    return format === 'csv' ? csvLine(value) : JSON.stringify(value);
  }

  /** The type of finished lines: the input's when joined, else the predictions'. */
  lineType(answerType: string): string {
    const format = this.join ? this.inputFormat : (this.outputFormat ?? recordFormat(answerType));
    return format === 'csv' ? 'text/csv' : 'application/jsonlines';
  }

  private parse(record: Buffer, format: RecordFormat | undefined): unknown {
    const text = record.toString('utf8');
    if (format === 'csv') return csvCells(text);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new GodwitError('E_DATA_FORMAT', `A record is not valid JSON (${(err as Error).message}): ${text.slice(0, 80)}`, {
        hint: 'With SplitType "Line", each line of a JSON input must be one JSON value (JSON lines).',
      });
    }
  }
}

function numericCells(cells: readonly string[]): unknown {
  const values = cells.map((c) => (c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : c));
  return values.length === 1 ? values[0] : values;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuse(why: string): never {
  throw new GodwitError('E_TRANSFORM_CONFIG', `DataProcessing cannot be applied: ${why}`, {
    hint: 'See docs/transform.md for which content types each filter and join reads.',
  });
}
