#!/usr/bin/env python3
"""The calls Apache Airflow's SageMaker pipeline system test makes
(tests/system/providers/amazon/aws/example_sagemaker_pipeline.py), with boto3 as Airflow's
SageMakerHook makes them: create a pipeline from the definition the SageMaker SDK wrote, start two
executions, stop the first, wait for the second to succeed, list its steps, delete the pipeline.
The only Godwit-specific line is the endpoint URL: point it at `godwit server`.

    godwit server &
    python3 airflow_pipeline_lifecycle.py --endpoint-url http://127.0.0.1:4600 \
        --definition test/fixtures/smreal/airflow-example-sagemaker-pipeline.definition.json

Prints one JSON object: the statuses seen, the first execution's status right after the stop and
at the end, and the second execution's steps (name, status, metadata).
"""
import argparse
import json
import time

import boto3

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"


def wait(sm, arn, statuses, timeout=120):
    """Polls as Airflow's SageMakerPipelineSensor does, until the status is one of `statuses`."""
    deadline = time.time() + timeout
    while True:
        status = sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        if status in statuses:
            return status
        if time.time() > deadline:
            raise SystemExit(f"{arn} is still {status}")
        time.sleep(0.1)


def stop(sm, arn):
    """As Airflow's SageMakerHook.stop_pipeline (fail_if_not_running=False): an execution that is
    no longer Executing is refused with a ValidationException, which is not an error for it."""
    try:
        sm.stop_pipeline_execution(PipelineExecutionArn=arn)
        refused = None
    except sm.exceptions.ClientError as e:
        if e.response["Error"]["Code"] != "ValidationException":
            raise
        refused = e.response["Error"]["Message"]
    return sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"], refused


def all_steps(sm, arn):
    """ListPipelineExecutionSteps, every page (SageMaker gives 10 a page unless told)."""
    steps, token = [], None
    while True:
        args = {"PipelineExecutionArn": arn, "SortOrder": "Ascending"}
        if token:
            args["NextToken"] = token
        page = sm.list_pipeline_execution_steps(**args)
        steps += page["PipelineExecutionSteps"]
        token = page.get("NextToken")
        if not token:
            return steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--definition", required=True)
    parser.add_argument("--name", default="airflow-example-pipeline")
    args = parser.parse_args()
    sm = boto3.client("sagemaker", endpoint_url=args.endpoint_url, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    with open(args.definition) as f:
        definition = f.read()
    sm.create_pipeline(PipelineName=args.name, PipelineDefinition=definition, RoleArn=ROLE)
    # SageMakerStartPipelineOperator twice (wait_for_completion=False), then
    # SageMakerStopPipelineOperator on the first.
    first_arn = sm.start_pipeline_execution(PipelineName=args.name)["PipelineExecutionArn"]
    second_arn = sm.start_pipeline_execution(PipelineName=args.name)["PipelineExecutionArn"]
    after_stop, refused = stop(sm, first_arn)
    # SageMakerPipelineSensor on the second, and on the first until it has stopped.
    second_status = wait(sm, second_arn, ["Succeeded", "Failed", "Stopped"])
    first_status = wait(sm, first_arn, ["Stopped", "Failed", "Succeeded"])
    listed = [e["PipelineExecutionArn"] for e in
              sm.list_pipeline_executions(PipelineName=args.name)["PipelineExecutionSummaries"]]
    steps = all_steps(sm, second_arn)
    first_steps = all_steps(sm, first_arn)
    sm.delete_pipeline(PipelineName=args.name)
    try:
        sm.describe_pipeline(PipelineName=args.name)
        deleted = False
    except sm.exceptions.ResourceNotFound:
        deleted = True
    print(json.dumps({
        "first": {"arn": first_arn, "afterStop": after_stop, "refused": refused, "final": first_status,
                  "steps": [[s["StepName"], s["StepStatus"]] for s in first_steps]},
        "second": {"arn": second_arn, "final": second_status},
        "listed": listed,
        "steps": [{"name": s["StepName"], "status": s["StepStatus"],
                   "metadata": s.get("Metadata"), "start": s["StartTime"].timestamp(),
                   "end": s["EndTime"].timestamp()} for s in steps],
        "deleted": deleted,
    }))


if __name__ == "__main__":
    main()
