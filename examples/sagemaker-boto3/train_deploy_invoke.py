#!/usr/bin/env python3
"""Train the abalone model with CreateTrainingJob, deploy it and invoke it, with boto3 as written for SageMaker.

The only Godwit-specific line is the endpoint URL: point it at `godwit server` instead of AWS.

    godwit server &
    GODWIT_PYTHON=/usr/bin/python3 python3 train_deploy_invoke.py              # data and code in s3://
    GODWIT_PYTHON=/usr/bin/python3 python3 train_deploy_invoke.py --local-data # file:// (SageMaker local mode's form)

Prepares the abalone data (sex one-hot, rings first, no header) into train and validation
channels and packs examples/abalone-sklearn/code/train_sklearn.py as the estimator's
sourcedir.tar.gz, uploading them to S3 (Godwit's own S3 door) or keeping them as file:// URIs.
Then: create_training_job on SageMaker's scikit-learn image in script mode, the
training_job_completed_or_stopped waiter, describe_training_job (status, final metrics, model
artifacts, billable seconds), create_model on the model.tar.gz with serve/serve.py as the serving
container, create_endpoint_config, create_endpoint, the endpoint_in_service waiter, one
invoke_endpoint, and the deletes.
"""
import argparse
import os
import random
import sys
import tarfile
import tempfile
import time

import boto3
import botocore.exceptions

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)
DATA = os.path.join(EXAMPLES, "abalone", "data", "abalone.csv")
SCRIPT = os.path.join(EXAMPLES, "abalone-sklearn", "code", "train_sklearn.py")
# A SageMaker serving container for the model (GET /ping, POST /invocations); locally a path is the image.
SERVE = os.path.join(EXAMPLES, "abalone-sklearn", "serve", "serve.py")
# SageMaker's scikit-learn framework image; Godwit runs the job's script under its contract.
SKLEARN_IMAGE = "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
BUCKET = "godwit-abalone-boto3"


def main():
    args = parse_args()
    session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=args.region)
    sm = session.client("sagemaker", endpoint_url=args.endpoint_url)
    runtime = session.client("sagemaker-runtime", endpoint_url=args.endpoint_url)
    train, validation = split(read_rows(DATA))
    if args.local_data:
        where = stage_locally(args.work_dir or tempfile.mkdtemp(prefix="abalone-boto3-"), train, validation)
    else:
        where = stage_in_s3(session.client("s3", endpoint_url=args.endpoint_url), train, validation, args.name)
    model_data = train_model(sm, args, where)
    deploy_and_invoke(sm, runtime, args.name, model_data, validation[0])


def train_model(sm, args, where):
    """CreateTrainingJob in script mode, as the SageMaker Python SDK's SKLearn estimator sends it; returns the model's URI."""
    name = args.name
    sm.create_training_job(
        TrainingJobName=name,
        RoleArn=ROLE,
        AlgorithmSpecification={
            "TrainingImage": SKLEARN_IMAGE.format(region=args.region),
            "TrainingInputMode": "File",
            "MetricDefinitions": [
                {"Name": "train:rmse", "Regex": r"train-rmse:([0-9.]+)"},
                {"Name": "validation:rmse", "Regex": r"validation-rmse:([0-9.]+)"},
            ],
        },
        HyperParameters={
            "num_round": "50",
            "max_depth": "4",
            "eta": "0.1",
            "sagemaker_program": '"train_sklearn.py"',
            "sagemaker_submit_directory": '"%s"' % where["code"],
        },
        InputDataConfig=[channel("train", where["train"]), channel("validation", where["validation"])],
        OutputDataConfig={"S3OutputPath": where["output"]},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 900},
    )
    print(f"Training job {name} created; waiting for it to finish...", flush=True)
    # boto3's waiter polls every 120 s unless told otherwise.
    sm.get_waiter("training_job_completed_or_stopped").wait(
        TrainingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 900}
    )
    job = sm.describe_training_job(TrainingJobName=name)
    if job["TrainingJobStatus"] != "Completed":
        sys.exit(f"Training job {name} ended {job['TrainingJobStatus']}: {job.get('FailureReason', '')}")
    metrics = ", ".join(f"{m['MetricName']} = {m['Value']:.4f}" for m in job["FinalMetricDataList"])
    print(f"Training job {name} Completed in {job['BillableTimeInSeconds']} billable s: {metrics}")
    print(f"Model artifacts: {job['ModelArtifacts']['S3ModelArtifacts']}", flush=True)
    return job["ModelArtifacts"]["S3ModelArtifacts"]


def deploy_and_invoke(sm, runtime, name, model_data, row):
    try:
        sm.create_model(
            ModelName=name,
            ExecutionRoleArn=ROLE,
            PrimaryContainer={"Image": SERVE, "ModelDataUrl": model_data},
        )
        sm.create_endpoint_config(
            EndpointConfigName=name,
            ProductionVariants=[
                {
                    "VariantName": "AllTraffic",
                    "ModelName": name,
                    "InitialInstanceCount": 1,
                    "InstanceType": "ml.m5.large",
                    "InitialVariantWeight": 1.0,
                }
            ],
        )
        sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
        print(f"Waiting for endpoint {name} to be InService...", flush=True)
        try:
            sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        except botocore.exceptions.WaiterError:
            endpoint = sm.describe_endpoint(EndpointName=name)
            sys.exit(f"Endpoint {name} is {endpoint['EndpointStatus']}: {endpoint.get('FailureReason', '')}")
        features = ",".join(str(v) for v in row[1:])
        answer = runtime.invoke_endpoint(EndpointName=name, ContentType="text/csv", Accept="text/csv", Body=features)
        prediction = answer["Body"].read().decode("utf-8").strip()
        print(f"Predicted rings: {prediction} (actual {row[0]:g}, variant {answer['InvokedProductionVariant']})")
    finally:
        cleanup(sm, name)


def read_rows(path):
    """abalone.csv (sex, seven measurements, rings) as rows of numbers: rings first, then sex one-hot (F, I, M), then the measurements."""
    rows = []
    with open(path) as f:
        for line in f:
            cells = line.strip().split(",")
            if len(cells) != 9:
                continue
            sex, measurements, rings = cells[0], cells[1:8], cells[8]
            rows.append([float(rings), *(1.0 if sex == s else 0.0 for s in "FIM"), *(float(v) for v in measurements)])
    return rows


def split(rows):
    rows = list(rows)
    random.Random(42).shuffle(rows)
    cut = int(len(rows) * 0.8)
    return rows[:cut], rows[cut:]


def csv_bytes(rows):
    return "".join(",".join(f"{v:g}" for v in row) + "\n" for row in rows).encode("utf-8")


def sourcedir(path):
    """The estimator's source_dir as the SDK uploads it: sourcedir.tar.gz holding the entry point."""
    with tarfile.open(path, "w:gz") as tar:
        tar.add(SCRIPT, arcname=os.path.basename(SCRIPT))


def stage_in_s3(s3, train, validation, name):
    try:
        s3.create_bucket(Bucket=BUCKET)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=BUCKET, Key=f"{name}/data/train/train.csv", Body=csv_bytes(train))
    s3.put_object(Bucket=BUCKET, Key=f"{name}/data/validation/validation.csv", Body=csv_bytes(validation))
    with tempfile.TemporaryDirectory() as tmp:
        sourcedir(os.path.join(tmp, "sourcedir.tar.gz"))
        with open(os.path.join(tmp, "sourcedir.tar.gz"), "rb") as f:
            s3.put_object(Bucket=BUCKET, Key=f"{name}/source/sourcedir.tar.gz", Body=f.read())
    base = f"s3://{BUCKET}/{name}"
    return {
        "train": f"{base}/data/train/",
        "validation": f"{base}/data/validation/",
        "code": f"{base}/source/sourcedir.tar.gz",
        "output": f"s3://{BUCKET}/output",
    }


def stage_locally(folder, train, validation):
    """Data, code and output in a local folder, named by file:// URIs (kept: the endpoint reads the model from it)."""
    folder = os.path.abspath(folder)
    for channel_name, rows in (("train", train), ("validation", validation)):
        os.makedirs(os.path.join(folder, channel_name), exist_ok=True)
        with open(os.path.join(folder, channel_name, f"{channel_name}.csv"), "wb") as f:
            f.write(csv_bytes(rows))
    sourcedir(os.path.join(folder, "sourcedir.tar.gz"))
    return {
        "train": f"file://{folder}/train",
        "validation": f"file://{folder}/validation",
        "code": f"file://{folder}/sourcedir.tar.gz",
        "output": f"file://{folder}/output",
    }


def channel(name, uri):
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri, "S3DataDistributionType": "FullyReplicated"}},
        "ContentType": "text/csv",
    }


def cleanup(sm, name):
    """Deletes the endpoint, its config and the model; each may be missing if creation failed."""
    for call, field in (
        (sm.delete_endpoint, "EndpointName"),
        (sm.delete_endpoint_config, "EndpointConfigName"),
        (sm.delete_model, "ModelName"),
    ):
        try:
            call(**{field: name})
        except sm.exceptions.ClientError as err:
            print(f"(cleanup: {err.response['Error']['Message']})")
    print(f"Deleted endpoint, endpoint config and model {name}.")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint-url", default="http://127.0.0.1:4600", help="godwit server's URL")
    parser.add_argument(
        "--name",
        default=time.strftime("abalone-boto3-%Y%m%d-%H%M%S"),
        help="name of the training job (unique), and of the model, config and endpoint",
    )
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--local-data", action="store_true", help="give data and code as file:// URIs instead of uploading them to S3")
    parser.add_argument("--work-dir", help="with --local-data: the folder for data, code and the model (default: a new temporary one)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
