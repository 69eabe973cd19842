/**
 * `InputDataConfig` of CreateTrainingJob: the channels a training job reads, each staged in
 * `/opt/ml/input/data/<ChannelName>/` before the script starts, as SageMaker does in File mode.
 *
 * - `DataSource.S3DataSource.S3Uri` may be `s3://` (the data services' store: Godwit's own S3 door
 *   or the configured endpoint), `file://` (SageMaker local mode's convention) or `gs://`; a URI
 *   naming one object fetches that file, a prefix everything under it.
 * - `DataSource.FileSystemDataSource` (EFS / FSx for Lustre) reads `DirectoryPath` from this
 *   machine's file system, where such a file system would be mounted.
 * - Pipe mode (and `AugmentedManifestFile`, `CompressionType: Gzip`, which only Pipe mode reads)
 *   streams through a FIFO that no script here can open: refused, naming the channel.
 */
import type { ChannelConfig } from '../../pipeline/ir.js';
import { type Fields, invalid } from './request-fields.js';

export interface TrainingChannel {
  readonly name: string;
  /** Where the data is: an `s3://`, `gs://` or `file://` URI, or a local folder (file systems). */
  readonly source: string;
  readonly sourceKind: 'S3DataSource' | 'FileSystemDataSource';
  readonly contentType?: string;
  readonly inputMode: 'File' | 'FastFile';
  /** What the job's `/opt/ml/input/config/inputdataconfig.json` says of the channel. */
  readonly settings: ChannelConfig;
}

const CHANNEL_NAME = /^[A-Za-z0-9.\-_]+$/;
const DATA_URI = /^(s3|gs|file):\/\/\S+$/i;

export function readChannels(request: Fields, jobInputMode: 'File' | 'FastFile'): TrainingChannel[] {
  const channels = request.list('InputDataConfig', { max: 20 }).map((c) => readChannel(c, jobInputMode));
  const seen = new Set<string>();
  for (const c of channels) {
    if (seen.has(c.name)) throw invalid(`Channel names must be unique: "${c.name}" appears more than once in InputDataConfig.`);
    seen.add(c.name);
  }
  return channels;
}

function readChannel(c: Fields, jobInputMode: 'File' | 'FastFile'): TrainingChannel {
  const name = c.string('ChannelName', { min: 1, max: 64, pattern: CHANNEL_NAME });
  const inputMode = c.optionalEnum('InputMode', ['File', 'Pipe', 'FastFile']) ?? jobInputMode;
  if (inputMode === 'Pipe') throw pipeRefused(`Channel "${name}" has InputMode Pipe`);
  const compression = c.optionalEnum('CompressionType', ['None', 'Gzip']);
  if (compression === 'Gzip') {
    throw invalid(
      `Channel "${name}": CompressionType Gzip is only read in Pipe input mode, and this channel is in ${inputMode} mode. In File mode SageMaker copies compressed files as they are: leave CompressionType unset (or None) and decompress in the script.`,
    );
  }
  const contentType = c.optionalString('ContentType', { max: 256 });
  const recordWrapper = c.optionalEnum('RecordWrapperType', ['None', 'RecordIO']) ?? 'None';
  c.optionalObject('ShuffleConfig')?.integer('Seed', { min: Number.MIN_SAFE_INTEGER });
  const source = c.object('DataSource');
  const s3 = source.optionalObject('S3DataSource');
  const fs = source.optionalObject('FileSystemDataSource');
  if ((s3 === undefined) === (fs === undefined)) {
    throw invalid(`Channel "${name}": DataSource must have exactly one of S3DataSource and FileSystemDataSource.`);
  }
  const distribution = s3?.optionalEnum('S3DataDistributionType', ['FullyReplicated', 'ShardedByS3Key']) ?? 'FullyReplicated';
  const settings: ChannelConfig = {
    ...(contentType === undefined ? {} : { contentType }),
    inputMode,
    distribution,
    recordWrapper,
    ...(compression === undefined ? {} : { compression }),
  };
  if (s3) return { name, source: readS3Source(name, s3), sourceKind: 'S3DataSource', contentType, inputMode, settings };
  const path = readFileSystemSource(fs as Fields);
  return { name, source: path, sourceKind: 'FileSystemDataSource', contentType, inputMode, settings };
}

function readS3Source(channel: string, s3: Fields): string {
  const dataType = s3.enumOf('S3DataType', ['S3Prefix', 'ManifestFile', 'AugmentedManifestFile', 'Converse']);
  const uri = s3.string('S3Uri', { max: 1024 });
  s3.list('AttributeNames', { max: 16 });
  s3.list('InstanceGroupNames', { max: 5 });
  if (!DATA_URI.test(uri)) {
    throw invalid(
      `Channel "${channel}": S3Uri "${uri}" is not an s3://, gs:// or file:// URI. Give the data's location, e.g. s3://bucket/prefix/train or file:///path/to/train (SageMaker local mode's form).`,
    );
  }
  if (dataType === 'AugmentedManifestFile') throw pipeRefused(`Channel "${channel}" has S3DataType AugmentedManifestFile`);
  if (dataType !== 'S3Prefix') {
    throw invalid(
      `Channel "${channel}": S3DataType ${dataType} is not supported by Godwit's local training; give the prefix (or object) itself with S3DataType S3Prefix.`,
    );
  }
  return uri;
}

function readFileSystemSource(fs: Fields): string {
  fs.string('FileSystemId', { min: 11 });
  fs.enumOf('FileSystemAccessMode', ['rw', 'ro']);
  fs.enumOf('FileSystemType', ['EFS', 'FSxLustre']);
  const path = fs.string('DirectoryPath', { max: 4096 });
  if (!path.startsWith('/')) {
    throw invalid(`FileSystemDataSource DirectoryPath "${path}" must be an absolute path where the file system is mounted.`);
  }
  return path;
}

function pipeRefused(what: string): Error {
  return invalid(
    `${what}, which streams data through a named pipe; Godwit's local training stages channels as files only. Use TrainingInputMode File (or FastFile) and S3DataType S3Prefix.`,
  );
}
