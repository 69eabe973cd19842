import type { Json } from '../asl/asl-types.js';
import { StatesError } from '../asl/states-error.js';
import { ServiceIntegration } from './service-integration.js';
import type { StoreFactory } from './store-factory.js';
import { parametersObject, requiredField } from './task-input.js';

/**
 * `aws-sdk:s3:getObject` through Godwit's stores: what compiled documents use to read a step's
 * property file (`ResultSelector: { "Content.$": "States.StringToJson($.Body)" }`). The answer is
 * GetObject's: `Body` as text, `ContentLength`, `ETag`, `LastModified`. A missing object is
 * `S3.NoSuchKeyException`, as the SDK integration names S3's `NoSuchKey`.
 */
export function s3Integration(stores: StoreFactory): ServiceIntegration {
  return new ServiceIntegration('s3', {
    'aws-sdk:s3:getObject': {
      suffixes: [''],
      delivery: 'exactly-once',
      async invoke(call) {
        const params = parametersObject(call);
        const bucket = requiredField(params, 'Bucket', 'S3.S3Exception');
        const key = requiredField(params, 'Key', 'S3.S3Exception');
        const store = await stores(`s3://${bucket}`);
        const info = await store.head(key);
        if (!info) throw new StatesError('S3.NoSuchKeyException', `The specified key does not exist: s3://${bucket}/${key}`);
        const body = await store.get(key);
        return {
          Body: body.toString('utf8'),
          ContentLength: info.size,
          ContentType: 'application/octet-stream',
          ETag: `"${info.sha256.slice(0, 32)}"`,
          LastModified: info.modified.toISOString(),
        } satisfies Json;
      },
    },
  });
}
