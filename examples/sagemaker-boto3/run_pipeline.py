#!/usr/bin/env python3
"""Create a SageMaker pipeline, start it, wait for it and list its steps, with boto3 as written
for SageMaker. The only Godwit-specific line is the endpoint URL: point it at `godwit server`.

    godwit server &
    python3 run_pipeline.py --endpoint-url http://127.0.0.1:4600

Uploads a processing script to S3 (the server's own S3 door), creates a pipeline whose definition
is the JSON the SageMaker Python SDK writes (a Processing step, then a Condition on a parameter with
a Fail step in its else branch), starts it with a parameter, polls DescribePipelineExecution until it
ends, prints each step with its Metadata, and deletes the pipeline unless --keep is given.
"""
import argparse
import json
import sys
import time

import boto3

SCRIPT = """\
import os, sys
value = sys.argv[sys.argv.index("--value") + 1]
out = "/opt/ml/processing/output/words"
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "words.txt"), "w") as f:
    f.write("\\n".join(value.split()) + "\\n")
print("wrote", len(value.split()), "words")
"""
# A scikit-learn processing image; locally its ContainerEntrypoint runs with this machine's python3.
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"


def definition(bucket):
    """The JSON `pipeline.definition()` writes for a ProcessingStep and a ConditionStep."""
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [
            {"Name": "Sentence", "Type": "String", "DefaultValue": "the local cloud runs this"},
            {"Name": "MinWords", "Type": "Integer", "DefaultValue": 3},
        ],
        "PipelineExperimentConfig": {
            "ExperimentName": {"Get": "Execution.PipelineName"},
            "TrialName": {"Get": "Execution.PipelineExecutionId"},
        },
        "Steps": [
            {
                "Name": "SplitWords",
                "Type": "Processing",
                "Arguments": {
                    "ProcessingResources": {
                        "ClusterConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 30}
                    },
                    "AppSpecification": {
                        "ImageUri": IMAGE,
                        "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/split.py"],
                        "ContainerArguments": ["--value", {"Get": "Parameters.Sentence"}],
                    },
                    "RoleArn": ROLE,
                    "ProcessingInputs": [
                        {
                            "InputName": "code",
                            "AppManaged": False,
                            "S3Input": {
                                "S3Uri": f"s3://{bucket}/code/split.py",
                                "LocalPath": "/opt/ml/processing/input/code",
                                "S3DataType": "S3Prefix",
                                "S3InputMode": "File",
                                "S3DataDistributionType": "FullyReplicated",
                                "S3CompressionType": "None",
                            },
                        }
                    ],
                    "ProcessingOutputConfig": {
                        "Outputs": [
                            {
                                "OutputName": "words",
                                "AppManaged": False,
                                "S3Output": {
                                    "S3Uri": f"s3://{bucket}/output/words",
                                    "LocalPath": "/opt/ml/processing/output/words",
                                    "S3UploadMode": "EndOfJob",
                                },
                            }
                        ]
                    },
                },
            },
            {
                "Name": "EnoughWords",
                "Type": "Condition",
                "DependsOn": ["SplitWords"],
                "Arguments": {
                    "Conditions": [
                        {
                            "Type": "GreaterThanOrEqualTo",
                            "LeftValue": {"Get": "Parameters.MinWords"},
                            "RightValue": 1,
                        }
                    ],
                    "IfSteps": [],
                    "ElseSteps": [
                        {"Name": "NoWords", "Type": "Fail", "Arguments": {"ErrorMessage": "MinWords is below 1"}}
                    ],
                },
            },
        ],
    }


def main():
    args = parse_args()
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=args.region
    )
    s3 = session.client("s3", endpoint_url=args.endpoint_url)
    sm = session.client("sagemaker", endpoint_url=args.endpoint_url)
    try:
        s3.create_bucket(Bucket=args.bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=args.bucket, Key="code/split.py", Body=SCRIPT.encode())

    name = args.name
    sm.create_pipeline(
        PipelineName=name,
        PipelineDefinition=json.dumps(definition(args.bucket)),
        PipelineDescription="Splits a sentence into words",
        RoleArn=ROLE,
    )
    try:
        arn = sm.start_pipeline_execution(
            PipelineName=name,
            PipelineExecutionDisplayName="from-boto3",
            PipelineParameters=[{"Name": "Sentence", "Value": args.sentence}],
        )["PipelineExecutionArn"]
        print(f"Started {arn}", flush=True)
        status = wait(sm, arn, args.timeout)
        print(f"Execution {status['PipelineExecutionStatus']}")
        steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=arn, SortOrder="Ascending")
        for step in steps["PipelineExecutionSteps"]:
            metadata = json.dumps(step.get("Metadata", {}), sort_keys=True)
            print(f"  {step['StepName']}: {step['StepStatus']} {metadata}")
        return 0 if status["PipelineExecutionStatus"] == "Succeeded" else 1
    finally:
        if not args.keep:
            sm.delete_pipeline(PipelineName=name)
            print(f"Deleted pipeline {name}.")


def wait(sm, arn, timeout):
    """boto3 has no waiter for pipeline executions: poll every second, as the SDK's wait() does with a delay."""
    deadline = time.time() + timeout
    while True:
        described = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
        if described["PipelineExecutionStatus"] not in ("Executing", "Stopping"):
            return described
        if time.time() > deadline:
            sys.exit(f"{arn} is still {described['PipelineExecutionStatus']} after {timeout} s")
        time.sleep(1)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoint-url", default="http://127.0.0.1:4600", help="the Godwit server (default: %(default)s)")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--bucket", default="godwit-boto3-pipeline")
    p.add_argument("--name", default="words-boto3", help="the pipeline's name (default: %(default)s)")
    p.add_argument("--sentence", default="pipelines run on this machine")
    p.add_argument("--timeout", type=int, default=120, help="seconds to wait for the execution")
    p.add_argument("--keep", action="store_true", help="keep the pipeline (and its executions) afterwards")
    return p.parse_args()


if __name__ == "__main__":
    sys.exit(main())
