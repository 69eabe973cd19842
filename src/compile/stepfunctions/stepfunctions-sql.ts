/**
 * A sql step as Step Functions states, through the native Redshift Data API integration. That
 * integration is not `.sync`: `executeStatement` returns an id at once, so each statement is
 *
 *   <step> (statement i)  Task aws-sdk:redshiftdata:executeStatement → { Id }
 *   <step> (wait i)       Wait 5 s
 *   <step> (check i)      Task aws-sdk:redshiftdata:describeStatement → { Status, Error, … }
 *   <step> (status i)     Choice: FINISHED → next statement; FAILED | ABORTED → <step> (failed); else → wait
 *
 * then `<step>` (a Pass) ends the step. Unloaded outputs run as UNLOAD statements to the
 * step's output prefix. Parameters go in ExecuteStatement's `Parameters` as `{ Name, Value }`.
 */
import type { SqlStep } from '../../pipeline/ir.js';
import { isRef } from '../../pipeline/ir.js';
import { sqlParamNames } from '../../sql/sql-params.js';
import { dataApiFields, redshiftTarget, unloadStatement } from '../aws/redshift-sql.js';
import { checkRedshiftDialect, sqlStatements, unloadSelect } from '../sql-text.js';
import type { AslContext, Fragment, State } from './stepfunctions-context.js';
import { aslValue, asString, concat, exprText, stepPath } from './stepfunctions-expressions.js';
import { taskPolicies } from './stepfunctions-policies.js';

const DATA_API = 'arn:aws:states:::aws-sdk:redshiftdata';
const POLL_SECONDS = 5;

export function sqlFragment(step: SqlStep, ctx: AslContext): Fragment {
  checkRedshiftDialect(step, ctx.target);
  const connection = dataApiFields(redshiftTarget(ctx, step));
  const statements: { sql: State; params: string[] }[] = sqlStatements(step, ctx.target, ctx.options).map((text) => ({
    sql: { Sql: text },
    params: sqlParamNames(text, step.dialect),
  }));
  for (const output of step.outputs) {
    const select = unloadSelect(output);
    const [before, after] = unloadStatement(ctx, step, output, select, sqlParamNames(select, step.dialect).length > 0);
    statements.push({
      sql: { 'Sql.$': exprText(concat([before, { path: '$$.Execution.Name' }, after], ctx)) },
      params: [],
    });
  }
  const result = stepPath(ctx, step.name);
  const failed = ctx.stateName(`${step.name} (failed)`, step.name);
  const done = ctx.stateName(step.name, step.name);
  const states: Record<string, State> = {};
  const names = statements.map((_, i) => ({
    run: ctx.stateName(`${step.name} (statement ${i + 1})`, step.name),
    wait: ctx.stateName(`${step.name} (wait ${i + 1})`, step.name),
    check: ctx.stateName(`${step.name} (check ${i + 1})`, step.name),
    status: ctx.stateName(`${step.name} (status ${i + 1})`, step.name),
  }));
  statements.forEach((s, i) => {
    const n = names[i];
    const next = i + 1 < names.length ? names[i + 1].run : done;
    const parameters = s.params.map((name) => dataApiParameter(step, name, ctx));
    states[n.run] = {
      Type: 'Task',
      Resource: `${DATA_API}:executeStatement`,
      Parameters: { ...connection, ...s.sql, ...(parameters.length > 0 ? { Parameters: parameters } : {}) },
      // The step's node under $.steps is (re)made here, so the describe result has a parent to go in.
      ResultSelector: { Statement: { 'Id.$': '$.Id' } },
      ResultPath: result,
      Next: n.wait,
      ...taskPolicies(step, ctx),
    };
    states[n.wait] = { Type: 'Wait', Seconds: POLL_SECONDS, Next: n.check };
    states[n.check] = {
      Type: 'Task',
      Resource: `${DATA_API}:describeStatement`,
      Parameters: { 'Id.$': `${result}.Statement.Id` },
      ResultPath: `${result}.Describe`,
      Next: n.status,
    };
    const status = `${result}.Describe.Status`;
    states[n.status] = {
      Type: 'Choice',
      Choices: [
        { Variable: status, StringEquals: 'FINISHED', Next: next },
        {
          Or: [
            { Variable: status, StringEquals: 'FAILED' },
            { Variable: status, StringEquals: 'ABORTED' },
          ],
          Next: failed,
        },
      ],
      Default: n.wait,
    };
  });
  states[failed] = { Type: 'Fail', Error: 'E_SQL', CausePath: `${result}.Describe.Error` };
  states[done] = { Type: 'Pass' };
  return { start: names.length > 0 ? names[0].run : done, states, tails: [done] };
}

/** `{ Name, Value }` of ExecuteStatement's Parameters: the Data API takes every value as text. */
function dataApiParameter(step: SqlStep, name: string, ctx: AslContext): State {
  const value = step.params?.[name] ?? '';
  if (!isRef(value)) return { Name: name, Value: String(value) };
  return { Name: name, 'Value.$': exprText(asString(aslValue(value, ctx))) };
}
