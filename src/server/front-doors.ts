import { sessionDoor } from './auth/session-door.js';
import { applicationAutoscalingDoor } from './aws/application-autoscaling/application-autoscaling-door.js';
import { cloudwatchDoor, cloudwatchQueryDoor } from './aws/cloudwatch/cloudwatch-door.js';
import { eventsDoor } from './aws/events/events-door.js';
import { logsDoor } from './aws/logs/logs-door.js';
import { s3Door } from './aws/s3/s3-door.js';
import { sagemakerDoor } from './aws/sagemaker/sagemaker-door.js';
import { sagemakerRuntimeDoor } from './aws/sagemaker-runtime/sagemaker-runtime-door.js';
import { stepFunctionsDoor } from './aws/stepfunctions/stepfunctions-door.js';
import type { FrontDoor } from './front-door.js';
import { restDoor } from './rest/rest-door.js';
import { vertexDoor } from './vertex/vertex-door.js';

/**
 * Every front door on the server's port. A new service is one folder with its door file, and one
 * line here. `router.ts` decides between them by SigV4 scope, then target, then path; two doors must
 * not claim the same signing name and target prefix, nor overlapping paths, so the order of this
 * list does not decide anything.
 */
export const FRONT_DOORS: readonly FrontDoor[] = [
  restDoor,
  sagemakerDoor,
  sagemakerRuntimeDoor,
  s3Door,
  cloudwatchDoor,
  cloudwatchQueryDoor,
  logsDoor,
  vertexDoor,
  applicationAutoscalingDoor,
  stepFunctionsDoor,
  eventsDoor,
  sessionDoor,
];
