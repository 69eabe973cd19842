/** Godwit's public API: the pipeline DSL and IR types, and the warehouses (SQL, COPY/UNLOAD, training data from a query). */

export { GodwitError, ValidationError } from './core/errors.js';
export * from './pipeline/dsl/index.js';
export type { FunctionContext, FunctionResult, StepFunction } from './pipeline/function-context.js';
export type * from './pipeline/ir.js';
export { IR_API_VERSION } from './pipeline/ir.js';
export type {
  Column,
  CopySource,
  CsvOptions,
  QueryResult,
  Row,
  RowBatch,
  SqlParams,
  SqlValue,
  StatementCost,
  TableRef,
  UnloadResult,
  UnloadTarget,
  Warehouse,
  WarehouseDialect,
  WarehouseType,
} from './warehouse/index.js';
export { openWarehouse, warehouseFor } from './warehouse/index.js';
export type { PreparedTrainingData, PrepareTrainingDataOptions } from './warehouse/training-data.js';
export { prepareTrainingData } from './warehouse/training-data.js';
