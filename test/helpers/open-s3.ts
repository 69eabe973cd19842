/**
 * Credentials for the S3 door of a home with no principals, where any key is accepted (as on
 * LocalStack): what tests and benchmarks of open homes sign with. Godwit's own components sign
 * with the home's local S3 key instead (`localS3Credentials`), which a home with principals
 * accepts from loopback; these are refused there.
 */
export const OPEN_S3_CREDENTIALS = { accessKeyId: 'godwit', secretAccessKey: 'godwit-local' } as const;

/** The same as the variables a store (or a step's SDK) reads them from. */
export const OPEN_S3_ENV = {
  AWS_ACCESS_KEY_ID: OPEN_S3_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: OPEN_S3_CREDENTIALS.secretAccessKey,
} as const;
