import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { boto3Missing, PYTHON, skipWithoutBoto3 } from '../helpers/boto3.js';
// scripts/test.mjs starts PostgreSQL for files that import its helper.
import '../helpers/postgres.js';
import { DATABASES, lineageServer } from './sagemaker-lineage-fixture.js';

// Lineage code as written for SageMaker (boto3 1.26, endpoint_url added): it builds on a run's
// automatic lineage (a deployment that used the run's model, a report derived from it), walks it
// both ways, pages with boto3's paginators and QueryLineage's NextToken, and meets SageMaker's errors.
const SCRIPT = `
import json, sys, boto3
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
run = json.loads(sys.argv[2])
out = {}

def code(call, **kw):
    try:
        call(**kw)
        return None
    except sm.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"]["Message"]]

model = sm.describe_artifact(ArtifactArn=run["model"])
out["model"] = [model["ArtifactType"], model["Source"], model["CreatedBy"]["UserProfileName"],
                type(model["CreationTime"]).__name__]

up = sm.query_lineage(StartArns=[run["model"]], Direction="Ascendants", IncludeEdges=True)
out["up"] = sorted([v["Arn"], v["LineageType"], v["Type"]] for v in up["Vertices"])
out["up_edges"] = sorted([e["SourceArn"], e["DestinationArn"], e["AssociationType"]] for e in up["Edges"])
data = sm.query_lineage(StartArns=[run["model"]], Direction="Ascendants",
                        Filters={"LineageTypes": ["Artifact"], "Types": ["DataSet"]})
out["data"] = sorted(v["Arn"] for v in data["Vertices"])

into_train = sm.list_associations(DestinationArn=run["train"])["AssociationSummaries"]
out["into_train"] = sorted([a["SourceArn"], a["SourceType"], a["AssociationType"]] for a in into_train)

# What SageMaker lineage code adds by hand: a deployment that used the model, a report derived from it.
deploy = sm.create_action(ActionName="churn-deploy", ActionType="ModelDeployment",
                          Source={"SourceUri": "arn:aws:sagemaker:us-east-1:000000000000:endpoint/churn",
                                  "SourceType": "ARN"}, Status="Completed")["ActionArn"]
report = sm.create_artifact(ArtifactName="churn-report", ArtifactType="Report",
                            Source={"SourceUri": "s3://reports/churn.html",
                                    "SourceTypes": [{"SourceIdType": "S3ETag", "Value": "9b2cf535f27731c9"}]})["ArtifactArn"]
ctx = sm.create_context(ContextName="churn-audit", ContextType="Audit", Source={"SourceUri": "ticket-42"},
                        Properties={"auditor": "grace"})["ContextArn"]
sm.add_association(SourceArn=run["model"], DestinationArn=deploy, AssociationType="ContributedTo")
sm.add_association(SourceArn=run["model"], DestinationArn=report, AssociationType="DerivedFrom")
sm.add_association(SourceArn=deploy, DestinationArn=ctx, AssociationType="AssociatedWith")
out["report_source"] = sm.describe_artifact(ArtifactArn=report)["Source"]

down = sm.query_lineage(StartArns=[run["raw"]], Direction="Descendants", MaxDepth=10)
out["down"] = sorted(v["Arn"] for v in down["Vertices"])
pages, seen, token = 0, [], None
while True:
    kw = {"NextToken": token} if token else {}
    page = sm.query_lineage(StartArns=[run["raw"]], Direction="Descendants", MaxResults=3, **kw)
    pages += 1
    seen += [v["Arn"] for v in page["Vertices"]]
    token = page.get("NextToken")
    if not token:
        break
out["paged"] = [pages, seen == [v["Arn"] for v in down["Vertices"]]]
near = sm.query_lineage(StartArns=[run["raw"]], Direction="Descendants", MaxDepth=2)
out["near"] = sorted(v["Arn"] for v in near["Vertices"])

out["artifacts"] = sorted(a["ArtifactArn"] for p in sm.get_paginator("list_artifacts").paginate(
    PaginationConfig={"PageSize": 2}) for a in p["ArtifactSummaries"])
out["by_uri"] = [a["ArtifactArn"] for a in sm.list_artifacts(SourceUri=run["rawUri"])["ArtifactSummaries"]]
out["actions"] = sorted(a["ActionName"] for p in sm.get_paginator("list_actions").paginate(
    PaginationConfig={"PageSize": 1}) for a in p["ActionSummaries"])
out["contexts"] = [c["ContextName"] for c in sm.list_contexts(ContextType="Audit")["ContextSummaries"]]
out["from_model"] = sorted([a["DestinationArn"], a["AssociationType"]] for p in
    sm.get_paginator("list_associations").paginate(SourceArn=run["model"], PaginationConfig={"PageSize": 1})
    for a in p["AssociationSummaries"])

ghost = "arn:aws:sagemaker:us-east-1:000000000000:artifact/" + "0" * 32
out["errors"] = {
    "unknown": code(sm.describe_artifact, ArtifactArn=ghost),
    "unknown_start": code(sm.query_lineage, StartArns=[ghost]),
    "malformed": code(sm.describe_artifact, ArtifactArn="not-an-arn"),
    "max_results": code(sm.list_artifacts, MaxResults=101),
    "duplicate_edge": code(sm.add_association, SourceArn=run["model"], DestinationArn=deploy),
    "duplicate_artifact": code(sm.create_artifact, ArtifactType="Report",
        Source={"SourceUri": "s3://reports/churn.html",
                "SourceTypes": [{"SourceIdType": "S3ETag", "Value": "9b2cf535f27731c9"}]}),
    "in_use": code(sm.delete_action, ActionName="churn-deploy"),
}

sm.delete_association(SourceArn=deploy, DestinationArn=ctx)
sm.delete_context(ContextName="churn-audit")
out["gone"] = code(sm.describe_context, ContextName="churn-audit")
print(json.dumps(out))
`;

function python(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(PYTHON, ['-c', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

for (const db of DATABASES) {
  describe(`SageMaker lineage API through boto3 (${db.name})`, { skip: skipWithoutBoto3 || db.skip }, () => {
    let server: Awaited<ReturnType<typeof lineageServer>>;
    before(async () => {
      assert.equal(boto3Missing, undefined, `${boto3Missing}; .ci/run installs it`);
      server = await lineageServer(await db.url());
    });
    after(async () => {
      await server?.stop();
    });

    test("a run's automatic lineage: describe_artifact, query_lineage both ways, list_associations, paging, errors", async () => {
      const run = server.run;
      const { code, out, err } = await python([server.url, JSON.stringify(run)]);
      assert.equal(code, 0, err);
      const r = JSON.parse(out);
      assert.deepEqual(r.model, [
        'Model',
        { SourceUri: run.modelUri, SourceTypes: [{ SourceIdType: 'Custom', Value: run.modelDigest }] },
        'godwit',
        'datetime',
      ]);
      assert.deepEqual(
        r.up,
        [
          [run.train, 'Action', 'training'],
          [run.prepared, 'Artifact', 'DataSet'],
          [run.image, 'Artifact', 'Image'],
          [run.prep, 'Action', 'processing'],
          [run.raw, 'Artifact', 'DataSet'],
        ].sort(),
      );
      assert.deepEqual(
        r.up_edges,
        [
          [run.train, run.model, 'Produced'],
          [run.prepared, run.train, 'ContributedTo'],
          [run.image, run.train, 'ContributedTo'],
          [run.prep, run.prepared, 'Produced'],
          [run.raw, run.prep, 'ContributedTo'],
        ].sort(),
      );
      assert.deepEqual(r.data, [run.raw, run.prepared].sort());
      assert.deepEqual(
        r.into_train,
        [
          [run.prepared, 'DataSet', 'ContributedTo'],
          [run.image, 'Image', 'ContributedTo'],
        ].sort(),
      );
      assert.deepEqual(r.report_source, {
        SourceUri: 's3://reports/churn.html',
        SourceTypes: [{ SourceIdType: 'S3ETag', Value: '9b2cf535f27731c9' }],
      });
      const deploy = 'arn:aws:sagemaker:us-east-1:000000000000:action/churn-deploy';
      const audit = 'arn:aws:sagemaker:us-east-1:000000000000:context/churn-audit';
      const report = r.from_model.find((x: string[]) => x[1] === 'DerivedFrom')?.[0];
      assert.match(report, /:artifact\/[0-9a-f]{32}$/);
      assert.deepEqual(
        r.down,
        [run.prep, run.prepared, run.run, run.pipeline, run.train, run.model, deploy, report, audit].sort(),
      );
      assert.deepEqual(r.paged, [3, true]);
      assert.deepEqual(r.near, [run.prep, run.prepared, run.run].sort());
      assert.equal(r.artifacts.length, 5);
      assert.deepEqual(r.by_uri, [run.raw]);
      assert.deepEqual(r.actions, ['churn-deploy', run.prep.split('/')[1], run.train.split('/')[1]].sort());
      assert.deepEqual(r.contexts, ['churn-audit']);
      assert.deepEqual(
        r.from_model,
        [
          [deploy, 'ContributedTo'],
          [report, 'DerivedFrom'],
        ].sort(),
      );

      const e = r.errors;
      assert.equal(e.unknown[0], 'ResourceNotFound');
      assert.match(e.unknown[1], /Artifact arn:aws:sagemaker:us-east-1:000000000000:artifact\/0{32} does not exist/);
      assert.equal(e.unknown_start[0], 'ResourceNotFound');
      assert.equal(e.malformed[0], 'ValidationException');
      assert.match(e.malformed[1], /"not-an-arn" is not a lineage ARN/);
      assert.equal(e.max_results[0], 'ValidationException');
      assert.match(e.max_results[1], /'maxResults' failed to satisfy constraint/);
      // SageMaker's Python SDK skips a create or an association when the error says "already exists".
      assert.equal(e.duplicate_edge[0], 'ValidationException');
      assert.match(e.duplicate_edge[1], /already exists/);
      assert.equal(e.duplicate_artifact[0], 'ValidationException');
      assert.match(
        e.duplicate_artifact[1],
        new RegExp(`Artifact ${report} already exists with SourceUri s3://reports/churn.html`),
      );
      assert.equal(e.in_use[0], 'ValidationException');
      assert.match(e.in_use[1], /has associations/);
      assert.equal(r.gone[0], 'ResourceNotFound');
    });
  });
}
