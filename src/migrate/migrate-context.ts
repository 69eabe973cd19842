/**
 * What rewriting one step needs: the options, the bucket map, and the step's own list of changes
 * and decisions for a person. Every rewrite goes through one of these helpers, so it is recorded.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isLocalPath } from '../compile/uploads.js';
import { isRef, type Value } from '../pipeline/ir.js';
import type { BucketMap } from './bucket-map.js';
import { mapImage } from './images.js';
import { isMachineType, mapMachineType } from './machine-types.js';
import type { Change, MigrationOptions, OutputFile, SqlFileReport } from './migration.js';

/** Files written beside the migrated pipeline, shared by all steps; a name is never given twice. */
export class OutputFiles {
  readonly files: OutputFile[] = [];
  readonly sql: SqlFileReport[] = [];
  private readonly claimed = new Map<string, string>();

  /** `name`, or `<step>-name` when another source already has it; the same source gets the same name. */
  claim(name: string, source: string, step: string): string {
    for (const candidate of [name, `${step}-${name}`]) {
      const owner = this.claimed.get(candidate);
      if (owner === undefined || owner === source) {
        this.claimed.set(candidate, source);
        return candidate;
      }
    }
    return `${step}-${this.files.length}-${name}`;
  }

  add(file: OutputFile, report: SqlFileReport): void {
    if (!this.files.some((f) => f.path === file.path)) this.files.push(file);
    this.sql.push(report);
  }
}

export class StepMigration {
  readonly changes: Change[] = [];
  readonly human: string[] = [];

  constructor(
    readonly options: MigrationOptions,
    readonly buckets: BucketMap,
    readonly step: string,
    readonly outputs: OutputFiles,
  ) {}

  change(field: string, was: string, became: string, why?: string): void {
    this.changes.push({ field, was, became, ...(why ? { why } : {}) });
  }

  ask(sentence: string): void {
    if (!this.human.includes(sentence)) this.human.push(sentence);
  }

  /**
   * A value naming data: a bucket URI moves to the target cloud (also inside a Join); with
   * `path`, a relative local path is rebased onto the output folder.
   */
  uri<V extends Value | undefined>(value: V, field: string, path = false): V {
    if (typeof value === 'string') return this.uriString(value, field, path) as V;
    if (isRef(value) && value.kind === 'Join') {
      const values = value.values.map((v, i) => this.uri(v, `${field}.values[${i}]`));
      return { ...value, values } as unknown as V;
    }
    return value;
  }

  private uriString(value: string, field: string, path: boolean): string {
    const mapped = this.buckets.map(value);
    if (mapped) {
      this.change(field, value, mapped.uri, mapped.mapped ? 'bucket map' : 'no bucket pair: same bucket name');
      return mapped.uri;
    }
    if (path && isLocalPath(value)) {
      const rebased = this.rebase(value);
      if (rebased !== value) this.change(field, value, rebased, 'a path relative to the migrated pipeline file');
      return rebased;
    }
    return value;
  }

  /** A path relative to the source pipeline's folder, made relative to the output folder. */
  rebase(path: string): string {
    if (isAbsolute(path) || /^file:/i.test(path)) return path;
    const rel = relative(this.options.outDir, resolve(this.options.baseDir, path)).split(sep).join('/');
    return rel === '' ? '.' : rel;
  }

  /** An instance or machine type for the target cloud; unknown ones stay and are asked about. */
  machine(type: string, field: string): string {
    const { from, to, fromProfile, toProfile } = this.options;
    if (isMachineType(type, to) && !isMachineType(type, from)) return type;
    const mapped = mapMachineType(type, from, fromProfile, toProfile);
    if (!mapped) {
      this.ask(
        `${field}: Godwit has no ${this.options.to === 'gcp' ? 'machine type' : 'instance type'} for "${type}"; it was kept. Choose one, or add it to machineTypes of profile "${this.options.to === 'gcp' ? toProfile.name : fromProfile.name}".`,
      );
      return type;
    }
    this.change(field, type, mapped.type, mapped.via);
    if (mapped.human) this.ask(`${field}: ${mapped.human}`);
    return mapped.type;
  }

  image(image: string, field: string): string {
    const mapped = mapImage(image, this.options.from, this.options.fromProfile, this.options.toProfile);
    if (mapped.image !== image) this.change(field, image, mapped.image, mapped.why);
    if (mapped.human) this.ask(`${field}: ${mapped.human}`);
    return mapped.image;
  }
}
