/**
 * Every stable error code, by the capability that raises it. Tests and users' scripts match on
 * these, so a code is never renamed; a new one is added here first, which is what makes a typo
 * in `new GodwitError('E_…')` a type error instead of a silently new code.
 */
export type ErrorCode =
  // Anywhere: bad command lines and configuration, and the wrapper for the unexpected.
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_INTERNAL'
  // The CLI: an installation without the demo's example.
  | 'E_DEMO_MISSING'
  // Pipelines: loading, validation, parameters, references.
  | 'E_PIPELINE_NOT_FOUND'
  | 'E_PIPELINE_EXTENSION'
  | 'E_PIPELINE_SYNTAX'
  | 'E_PIPELINE_EXPORT'
  | 'E_HANDLER_NOT_FOUND'
  | 'E_VALIDATION'
  | 'E_DSL_OPTION'
  | 'E_PARAMETER'
  | 'E_JSON_PATH'
  // Runs and steps.
  | 'E_HOME_NOT_WRITABLE'
  | 'E_ARGS_TOO_LONG'
  | 'E_RUN_NOT_FOUND'
  | 'E_RUN_NOT_RESUMABLE'
  // `godwit runs delete`: a run that was deleted (one still running is E_RUN_IN_PROGRESS).
  | 'E_RUN_DELETED'
  | 'E_STEP_NOT_FOUND'
  | 'E_LOG_NOT_FOUND'
  | 'E_STEP_EXIT'
  | 'E_STEP_ERROR'
  | 'E_STOPPED'
  | 'E_TIMEOUT'
  | 'E_INTERRUPTED'
  | 'E_SPOT_MAX_WAIT'
  | 'E_FAIL_STEP'
  | 'E_FUNCTION_MISSING'
  | 'E_FUNCTION_THREW'
  | 'E_CODE_MISSING'
  | 'E_COMMAND_NOT_FOUND'
  | 'E_COMMAND_NOT_EXECUTABLE'
  | 'E_INTERPRETER_NOT_EXECUTABLE'
  | 'E_INPUT_MISSING'
  | 'E_OUTPUT_MISSING'
  | 'E_ARTIFACT_MISSING'
  | 'E_ARTIFACT_REF'
  | 'E_PATH_REF'
  | 'E_PROPERTY_FILE'
  | 'E_METRIC_MISSING'
  | 'E_METRIC_REGEX'
  | 'E_CONDITION'
  // Container contracts and the sandbox.
  | 'E_SANDBOX_MODE'
  | 'E_SANDBOX_UNAVAILABLE'
  | 'E_SANDBOX_PATH'
  | 'E_SANDBOX_WRITE'
  | 'E_SANDBOX_FAILED'
  | 'E_HYPERPARAMETER_NOT_JSON'
  | 'E_HYPERPARAMETER_RESERVED'
  // Artifact stores and URIs.
  | 'E_URI'
  | 'E_NOT_FOUND'
  | 'E_NOT_A_FILE'
  | 'E_NOT_A_DIRECTORY'
  | 'E_KEY_ESCAPES_ROOT'
  | 'E_KEY_RESERVED'
  | 'E_KEY_CONFLICT'
  | 'E_SYMLINK_CYCLE'
  | 'E_DUPLICATE_PATH'
  | 'E_CHECKSUM'
  | 'E_STORE_IO'
  | 'E_STORE_UNSUPPORTED'
  // Metadata database and model registry.
  | 'E_METADATA_CORRUPT'
  | 'E_METADATA_VERSION'
  | 'E_METADATA_MIGRATION'
  | 'E_METADATA_UNWRITABLE'
  | 'E_DATABASE_URL'
  | 'E_DATABASE_UNREACHABLE'
  | 'E_DATABASE_AUTH'
  | 'E_DATABASE_NOT_FOUND'
  | 'E_DATABASE_BUSY'
  // Backups, restores and moves of a home's records (godwit db …, godwit runs move).
  | 'E_BACKUP_NOT_FOUND'
  | 'E_BACKUP_EXISTS'
  | 'E_BACKUP_INVALID'
  | 'E_BACKUP_TOOL'
  | 'E_DATABASE_IN_USE'
  | 'E_CONFIRMATION_REQUIRED'
  | 'E_RUN_IN_PROGRESS'
  | 'E_MODEL_GROUP_NAME'
  | 'E_MODEL_GROUP_NOT_FOUND'
  | 'E_MODEL_VERSION_NOT_FOUND'
  | 'E_APPROVAL_STATUS'
  // Model registry governance: approval rules, rejected versions, model cards, the audit log's hash chain.
  | 'E_APPROVAL_RULE'
  | 'E_MODEL_VERSION_REJECTED'
  | 'E_MODEL_CARD'
  | 'E_AUDIT_TAMPERED'
  // Lineage.
  | 'E_LINEAGE_NOT_FOUND'
  | 'E_LINEAGE_EXISTS'
  | 'E_LINEAGE_INPUT'
  // Data governance's catalog (src/governance/catalog): a database, table, filter, location or LF-tag
  // that is not there, or a name in use; a grant, resource or filter Lake Formation would refuse
  // (InvalidInputException); a data cells filter's row filter that is not a safe predicate.
  | 'E_CATALOG_NOT_FOUND'
  | 'E_CATALOG_EXISTS'
  | 'E_CATALOG_INPUT'
  | 'E_CATALOG_ROW_FILTER'
  // External tables over registered locations read through DuckDB (src/governance/external): objects
  // of another format than the table's, or that do not parse as its columns.
  | 'E_EXTERNAL_FORMAT'
  | 'E_EXTERNAL_READ'
  // Built-in algorithms, model formats and serving.
  | 'E_TRAINING'
  | 'E_HYPERPARAMETER'
  | 'E_CHANNEL'
  | 'E_CONTENT_TYPE'
  | 'E_DATA_FORMAT'
  | 'E_MODEL_FORMAT'
  | 'E_PAYLOAD_TOO_LARGE'
  // Compile, submit, migrate.
  | 'E_COMPILE_IR'
  | 'E_COMPILE_PROFILE'
  | 'E_COMPILE_UNSUPPORTED'
  | 'E_PROFILE'
  | 'E_SUBMIT'
  | 'E_SUBMIT_PROFILE'
  | 'E_SDK_MISSING'
  | 'E_MIGRATE'
  | 'E_MIGRATE_BUCKET_MAP'
  // The server (godwit server): its process, its REST API and AWS front doors.
  | 'E_SERVER_RUNNING'
  | 'E_SERVER_START'
  | 'E_SERVER_UNRESPONSIVE'
  | 'E_SERVER_PORT_IN_USE'
  | 'E_SERVER_HOST_REFUSED'
  | 'E_SERVER_BODY_TOO_LARGE'
  | 'E_REQUEST_BODY'
  | 'E_REQUEST_PARAMETER'
  | 'E_ROUTE_NOT_FOUND'
  | 'E_METHOD_NOT_ALLOWED'
  | 'E_ARN_INVALID'
  // Warehouses (src/warehouse): SQL statements, identifiers, COPY and UNLOAD, the DuckDB file lock.
  | 'E_SQL'
  // Data governance: a caller reads or does what its grants do not allow.
  | 'E_ACCESS_DENIED'
  | 'E_SQL_PARAMETER'
  | 'E_SQL_IDENTIFIER'
  | 'E_TABLE_NOT_FOUND'
  | 'E_TABLE_EXISTS'
  | 'E_COPY'
  | 'E_UNLOAD_NOT_EMPTY'
  | 'E_WAREHOUSE_UNREACHABLE'
  | 'E_WAREHOUSE_AUTH'
  | 'E_WAREHOUSE_LOCKED'
  // PostgreSQL and Redshift: a warehouse configuration they cannot use, an option they cannot honour.
  | 'E_WAREHOUSE_CONFIG'
  | 'E_WAREHOUSE_UNSUPPORTED'
  // SQL dialects offline (src/sql statement model, src/warehouse/dialect).
  | 'E_SQL_DIALECT'
  // SQL steps: validation of a sql step, and its runner (E_SQL_DIALECT above names an unknown dialect too).
  | 'E_SQL_STATEMENTS'
  | 'E_SQL_FILE_MISSING'
  | 'E_SQL_PARAM_MISSING'
  | 'E_SQL_PARAM_UNUSED'
  | 'E_SQL_PARAM_NAME'
  | 'E_SQL_OUTPUT_CLASH'
  | 'E_SQL_TABLE_NAME'
  | 'E_SQL_TABLE_REF'
  | 'E_SQL_FORMAT'
  | 'E_SQL_CACHE'
  | 'E_SQL_STEP'
  // Object stores on a server (s3://, gs://): a missing bucket, refused credentials, an endpoint that does not answer.
  | 'E_BUCKET_NOT_FOUND'
  | 'E_STORE_AUTH'
  | 'E_STORE_UNREACHABLE'
  // Model runtimes (src/serving/model-runtime.ts): the model failed on a request; its process died.
  | 'E_MODEL_ERROR'
  | 'E_CONTAINER_DIED'
  // Model runtimes (models): model data that cannot be staged, a container no runtime serves.
  | 'E_MODEL_DATA'
  | 'E_RUNTIME_UNKNOWN'
  // Endpoints (catalog): models, endpoint configs and endpoints as desired state (src/endpoints).
  | 'E_MODEL_EXISTS'
  | 'E_MODEL_NOT_FOUND'
  | 'E_ENDPOINT_CONFIG_EXISTS'
  | 'E_ENDPOINT_CONFIG_NOT_FOUND'
  | 'E_ENDPOINT_EXISTS'
  | 'E_ENDPOINT_NOT_FOUND'
  | 'E_ENDPOINT_IN_USE'
  | 'E_ENDPOINT_VALIDATION'
  | 'E_VARIANT_NOT_FOUND'
  | 'E_MODEL_PACKAGE_REF'
  | 'E_MODEL_NOT_APPROVED'
  | 'E_MODEL_SOURCE'
  | 'E_MODEL_GROUP_EXISTS'
  // Endpoint host (host): serving endpoints in the server, SageMaker Runtime's InvokeEndpoint.
  | 'E_ENDPOINT_NOT_SERVING'
  | 'E_ENDPOINT_CONFIG_MISSING'
  | 'E_ENDPOINT_MODEL_MISSING'
  // Serverless endpoints (serverless): a request over the variant's MaxConcurrency (ThrottlingException).
  | 'E_ENDPOINT_THROTTLED'
  // Data capture (capture): a DataCaptureConfig the writer cannot honour; a batch transform's
  // output that GenerateInferenceId cannot stamp.
  | 'E_CAPTURE_CONFIG'
  | 'E_CAPTURE_INFERENCE_ID'
  // Shadow tests and pipelines (shadow): inference pipelines, shadow-test records and reports, Vertex AI's :predict.
  | 'E_PIPELINE_CONTAINERS'
  | 'E_SHADOW_NO_RECORDS'
  | 'E_SHADOW_OPTION'
  | 'E_VERTEX_REQUEST'
  | 'E_VERTEX_RESPONSE'
  // Container serving (byoc): a container image that cannot run here, one that never became healthy.
  | 'E_CONTAINER_IMAGE'
  | 'E_CONTAINER_START'
  // Metrics (metrics): a datum the store refuses, a query it cannot answer, a statistic it does not compute.
  | 'E_METRIC_DATUM'
  | 'E_METRIC_QUERY'
  | 'E_METRIC_STATISTIC'
  // ONNX and batch transform (onnx): the optional onnxruntime-node binding cannot be loaded.
  | 'E_ONNX_UNAVAILABLE'
  // … a transform's options do not fit together, its input is missing, its predictions cannot be matched to records, it was stopped.
  | 'E_TRANSFORM_CONFIG'
  | 'E_TRANSFORM_INPUT'
  | 'E_TRANSFORM_OUTPUT'
  | 'E_TRANSFORM_STOPPED'
  // The image map (images): a job's submit directory (sagemaker_submit_directory) cannot be fetched or lacks its program.
  | 'E_SOURCE_DIR'
  // SageMaker pipelines (pipelines): pipeline records, executions, definitions that cannot run, callback tokens.
  | 'E_SM_PIPELINE_EXISTS'
  | 'E_SM_PIPELINE_NOT_FOUND'
  | 'E_SM_EXECUTION_NOT_FOUND'
  | 'E_SM_EXECUTION_STATE'
  | 'E_SM_PIPELINE_DEFINITION'
  | 'E_SM_CALLBACK_NOT_FOUND'
  | 'E_SM_CALLBACK_SETTLED'
  | 'E_CALLBACK_FAILED'
  // SageMaker pipelines (modelstep): a callback value a later step reads that the success did not carry.
  | 'E_CALLBACK_OUTPUT'
  // SageMaker pipelines (smreal): a SelectiveExecutionConfig that cannot run (unknown step, source lacks what a selected step needs).
  | 'E_SM_SELECTIVE_EXECUTION'
  // Pipeline import (smimport): a SageMaker pipeline definition that cannot become Godwit's IR.
  | 'E_IMPORT'
  // Jobs (jobcore): SageMaker training/processing/transform jobs: a name in use, an unknown job,
  // stopping a job that has ended, a job the server could not start or lost.
  | 'E_JOB_EXISTS'
  | 'E_JOB_NOT_FOUND'
  | 'E_JOB_NOT_RUNNING'
  | 'E_JOB_KIND_UNAVAILABLE'
  // Logs (logs): a log group or stream that does not exist, a filter pattern Godwit cannot read, a paging token it did not write.
  | 'E_LOG_GROUP_NOT_FOUND'
  | 'E_LOG_STREAM_NOT_FOUND'
  | 'E_LOG_FILTER_PATTERN'
  | 'E_LOG_TOKEN'
  // Processing and transform jobs (prockinds): a transform job's model that cannot be served as one.
  | 'E_JOB_MODEL'
  // Built-in algorithms (src/ml/estimator.ts): training input or options an algorithm refuses.
  | 'E_ML_INPUT'
  // BigQuery ML offline (src/warehouse/bqml): CREATE MODEL options, training data, models, ML.* functions.
  | 'E_BQML_OPTION'
  | 'E_BQML_MODEL_EXISTS'
  | 'E_BQML_MODEL_NOT_FOUND'
  | 'E_BQML_DATASET_NOT_FOUND'
  | 'E_BQML_LABEL'
  | 'E_BQML_COLUMN'
  | 'E_BQML_COLUMN_TYPE'
  | 'E_BQML_TRANSFORM'
  | 'E_BQML_FUNCTION'
  // BigQuery ML's EXPORT MODEL (export): a missing or unwritable URI, an option it does not read.
  | 'E_BQML_EXPORT'
  // Redshift ML offline (src/warehouse/rsml): CREATE MODEL clauses, training data, models and their functions.
  | 'E_RSML_OPTION'
  | 'E_RSML_UNSUPPORTED'
  | 'E_RSML_TARGET'
  | 'E_RSML_COLUMN_TYPE'
  | 'E_RSML_MODEL_EXISTS'
  | 'E_RSML_MODEL_NOT_FOUND'
  | 'E_RSML_FUNCTION_EXISTS'
  // Shadow tests (shadowtest): inference experiments (src/experiments): a name in use or unknown, a
  // field SageMaker refuses, a status that does not allow the call, a schedule overlapping another
  // experiment on the same endpoint, a promotion that cannot be made.
  | 'E_EXPERIMENT_EXISTS'
  | 'E_EXPERIMENT_NOT_FOUND'
  | 'E_EXPERIMENT_VALIDATION'
  | 'E_EXPERIMENT_STATE'
  | 'E_EXPERIMENT_OVERLAP'
  | 'E_EXPERIMENT_PROMOTE'
  // alarms (src/alarms): an alarm definition CloudWatch would refuse, an alarm that does not exist.
  | 'E_ALARM_INVALID'
  | 'E_ALARM_NOT_FOUND'
  // Autoscaling (autoscale): Application Auto Scaling's targets and policies, and the planning simulation's traffic profiles.
  | 'E_SCALABLE_TARGET_NOT_FOUND'
  | 'E_SCALING_POLICY_NOT_FOUND'
  | 'E_AUTOSCALING_INVALID'
  | 'E_TRAFFIC_PROFILE'
  // Asynchronous inference (async): InvokeEndpointAsync requests SageMaker refuses, and why a
  // queued request failed (its input could not be read, it expired in the queue, it timed out).
  | 'E_ASYNC_VALIDATION'
  | 'E_ASYNC_NOT_ASYNC_ENDPOINT'
  | 'E_ASYNC_STORE'
  | 'E_ASYNC_EXPIRED'
  | 'E_ASYNC_TIMEOUT'
  // Inference recommender (src/recommend): a MODEL it cannot find, a payload it cannot read or the
  // model rejects, flag values out of range, a price table it cannot read, a latency target no
  // measured configuration met.
  | 'E_RECOMMEND_MODEL'
  | 'E_RECOMMEND_PAYLOAD'
  | 'E_RECOMMEND_OPTION'
  | 'E_RECOMMEND_PRICES'
  | 'E_RECOMMEND_TARGET_UNMET'
  // Monitoring schedules (sched, src/monitor/schedules): SageMaker's field rules for schedules and
  // job definitions, a cron expression Model Monitor does not run, names in use or unknown, a
  // definition a schedule still uses, a monitoring type no job is registered for.
  | 'E_MONITOR_VALIDATION'
  | 'E_MONITOR_CRON'
  | 'E_MONITOR_SCHEDULE_EXISTS'
  | 'E_MONITOR_SCHEDULE_NOT_FOUND'
  | 'E_MONITOR_DEFINITION_EXISTS'
  | 'E_MONITOR_DEFINITION_NOT_FOUND'
  | 'E_MONITOR_DEFINITION_IN_USE'
  | 'E_MONITOR_SCHEDULE_STATE'
  | 'E_MONITOR_JOB_UNAVAILABLE'
  | 'E_MONITOR_INTERRUPTED'
  // Data-quality constraints (src/monitor/data-quality/check): a constraints.json that is not one,
  // a run without the baseline it needs, a window with no data.
  | 'E_DQ_CONSTRAINTS_INVALID'
  | 'E_DQ_BASELINE_MISSING'
  | 'E_DQ_NO_DATA'
  // Explainability (src/monitor/explainability): a model it cannot load or explain, a dataset
  // without the model's features, a SHAP baseline of another model, a bad SHAP configuration.
  | 'E_EXPLAIN_MODEL'
  | 'E_EXPLAIN_FEATURES'
  | 'E_EXPLAIN_BASELINE'
  | 'E_EXPLAIN_CONFIG'
  | 'E_EXPLAIN_DATASET'
  // Bias (src/monitor/bias): a bias analysis config Clarify would refuse, a data set it cannot read,
  // a facet, label, prediction or group column that is not there, a facet value or threshold that
  // selects no rows (or every row), labels of one class only, a baseline analysis.json it cannot read.
  | 'E_BIAS_CONFIG'
  | 'E_BIAS_DATASET'
  | 'E_BIAS_COLUMN_MISSING'
  | 'E_BIAS_FACET_EMPTY'
  | 'E_BIAS_ONE_CLASS'
  | 'E_BIAS_BASELINE'
  // Model monitoring, capture reader and model quality (src/monitor/capture-reader, src/monitor/model-quality):
  // a window that is no time range, a payload whose encoding lies, ground truth or a job
  // configuration SageMaker would refuse, a data set without the named columns, a window with
  // no record to measure.
  | 'E_CAPTURE_WINDOW'
  | 'E_CAPTURE_PAYLOAD'
  // Data-quality profiling (src/monitor/data-quality/profile): a data set that is missing, empty
  // (no rows) or not in the format given, and a statistics.json that is not Model Monitor's shape.
  | 'E_PROFILE_NOT_FOUND'
  | 'E_PROFILE_EMPTY'
  | 'E_PROFILE_FORMAT'
  | 'E_STATISTICS_INVALID'
  // The quality-check pipeline step (src/runtime/runners/quality-check-runner.ts): a supplied
  // baseline that is not there, a data set that violates it (with failOnViolation).
  | 'E_QUALITY_CHECK_BASELINE'
  | 'E_QUALITY_CHECK_VIOLATIONS'
  // Monitoring reports (src/monitor/report): an execution folder or file the report cannot read.
  | 'E_MONITOR_REPORT_INPUT'
  | 'E_MODEL_QUALITY_CONFIG'
  | 'E_MODEL_QUALITY_CONSTRAINTS'
  | 'E_MODEL_QUALITY_DATASET'
  | 'E_MODEL_QUALITY_NO_DATA'
  // Workflows (src/workflows): a state machine definition that fails validation, a machine or
  // execution that is not there or a name in use, a Task resource no integration serves, a task
  // token that is unknown or settled, execution input that is not JSON or too large.
  | 'E_ASL_INVALID'
  | 'E_WORKFLOW_NOT_FOUND'
  | 'E_WORKFLOW_EXISTS'
  | 'E_WORKFLOW_RESOURCE_UNMAPPED'
  | 'E_WORKFLOW_TASK_TOKEN'
  | 'E_WORKFLOW_INPUT'
  // Pipeline callback steps (src/pipelines/callback-*.ts): the command serving the step's queue
  // could not run or failed; no answer arrived for the token within the step's timeout.
  | 'E_CALLBACK_DELIVERY'
  | 'E_CALLBACK_TIMEOUT'
  // EventBridge buses, rules and targets (src/events/bus, src/events/patterns): an event pattern
  // EventBridge would refuse, a bus, rule, archive or replay that is not there or a name in use,
  // a request EventBridge answers with ValidationException, LimitExceededException (more than 5
  // targets) or IllegalStatusException (cancelling a finished replay).
  | 'E_EVENT_PATTERN_INVALID'
  | 'E_EVENTBRIDGE_NOT_FOUND'
  | 'E_EVENTBRIDGE_EXISTS'
  | 'E_EVENTBRIDGE_INVALID'
  | 'E_EVENTBRIDGE_LIMIT'
  | 'E_EVENTBRIDGE_STATE'
  // Event schedules (src/events/schedules): a rate/cron/at expression EventBridge would refuse, one
  // that can never fire again, an unknown IANA time zone, an unknown missed-schedule policy.
  | 'E_SCHEDULE_EXPRESSION'
  | 'E_SCHEDULE_NEVER_FIRES'
  | 'E_SCHEDULE_TIMEZONE'
  | 'E_SCHEDULE_MISSED_POLICY'
  // Data governance's authorization: a principal's policies refuse the action.
  | 'E_ACCESS_DENIED'
  // Principals and credentials (src/governance/principals): a name IAM would refuse, a principal,
  // access key or token that is not there or a name in use, a policy document Godwit cannot read,
  // the home's secrets key (secrets.key) readable by others, of the wrong size, missing, or not
  // the one a secret was sealed with.
  | 'E_PRINCIPAL_NAME'
  | 'E_PRINCIPAL_NOT_FOUND'
  | 'E_PRINCIPAL_EXISTS'
  | 'E_ACCESS_KEY_NOT_FOUND'
  | 'E_TOKEN_NOT_FOUND'
  | 'E_POLICY_INVALID'
  | 'E_SECRETS_KEY_UNSAFE'
  | 'E_SECRETS_KEY_INVALID'
  | 'E_SECRETS_KEY_MISSING'
  | 'E_SECRETS_KEY_MISMATCH'
  // The server (src/server/auth): a request to Godwit's own API without a valid bearer token or session.
  | 'E_UNAUTHENTICATED';
