#!/usr/bin/env python3
"""Deploy a model to a real-time endpoint and invoke it, with boto3 as written for SageMaker.

The only Godwit-specific line is the endpoint URL: point it at `godwit server` instead of AWS.

    godwit server &
    python3 deploy_and_invoke.py --model-data file:///path/to/model/

Creates a model, an endpoint config and an endpoint, waits for InService, sends one CSV row
through sagemaker-runtime's invoke_endpoint, prints the prediction, and deletes what it made.
"""
import argparse

import boto3

# One abalone, preprocessed as the abalone example's preprocess step writes rows: the sex one-hot
# (F, I, M) then the seven standardised measurements.
ROW = "0,0,1,-0.574,-0.432,-1.064,-0.642,-0.608,-0.726,-0.638"
# SageMaker's built-in linear learner image (us-east-1); locally it tells Godwit which runtime to use.
IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"


def main():
    args = parse_args()
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=args.region
    )
    sm = session.client("sagemaker", endpoint_url=args.endpoint_url)
    runtime = session.client("sagemaker-runtime", endpoint_url=args.endpoint_url)
    name = args.name
    try:
        sm.create_model(
            ModelName=name,
            ExecutionRoleArn="arn:aws:iam::000000000000:role/local",
            PrimaryContainer={"Image": IMAGE, "ModelDataUrl": args.model_data},
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
        # boto3's waiter polls every 30 s unless told otherwise.
        sm.get_waiter("endpoint_in_service").wait(
            EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
        answer = runtime.invoke_endpoint(
            EndpointName=name, ContentType="text/csv", Accept="text/csv", Body=ROW
        )
        prediction = answer["Body"].read().decode("utf-8").strip()
        print(f"Predicted rings: {prediction} (variant {answer['InvokedProductionVariant']})")
    finally:
        cleanup(sm, name)


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
    parser.add_argument("--model-data", required=True, help="the model: a folder URI, s3:// or gs://")
    parser.add_argument("--name", default="abalone-boto3", help="name of the model, config and endpoint")
    parser.add_argument("--region", default="us-east-1")
    return parser.parse_args()


if __name__ == "__main__":
    main()
