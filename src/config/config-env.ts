import { GodwitError } from '../core/errors.js';

/**
 * The configuration keys the environment sets. The AWS and Google names are the ones their SDKs
 * and tools read, so a shell already set up for LocalStack, MinIO or the GCS emulator just works.
 */
export function ENV_KEYS(env: NodeJS.ProcessEnv) {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  return {
    home: value('GODWIT_HOME'),
    artifacts: value('GODWIT_ARTIFACTS'),
    databaseUrl: value('GODWIT_DATABASE_URL'),
    port: port(value('GODWIT_PORT'), 'GODWIT_PORT'),
    warehouse: value('GODWIT_WAREHOUSE'),
    s3: defined({
      endpoint: value('AWS_ENDPOINT_URL_S3') ?? value('AWS_ENDPOINT_URL'),
      region: value('AWS_REGION') ?? value('AWS_DEFAULT_REGION'),
    }),
    gcs: defined({ endpoint: value('STORAGE_EMULATOR_HOST'), projectId: value('GOOGLE_CLOUD_PROJECT') }),
  };
}

/** A TCP port number, or an `E_CONFIG` error naming where the bad value came from. */
export function port(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new GodwitError('E_CONFIG', `${where} is ${JSON.stringify(value)}, not a port number.`, {
      hint: 'Give a whole number from 1 to 65535.',
    });
  }
  return n;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
