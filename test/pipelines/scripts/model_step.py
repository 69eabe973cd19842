"""Runs a pipeline with a SageMaker Model step through boto3 and prints what SageMaker's API shows
of it: the steps (ListPipelineExecutionSteps), the model (DescribeModel on the Model step's Arn,
ListModels) and the Report step's output (the ModelName and model data it read)."""
import argparse
import json
import time

import boto3

parser = argparse.ArgumentParser()
parser.add_argument("--endpoint-url", required=True)
parser.add_argument("--definition", required=True)
args = parser.parse_args()

kw = dict(endpoint_url=args.endpoint_url, region_name="us-east-1",
          aws_access_key_id="AKIDLOCAL", aws_secret_access_key="not-a-secret")
sm = boto3.client("sagemaker", **kw)
s3 = boto3.client("s3", **kw)

with open(args.definition) as f:
    sm.create_pipeline(PipelineName="model-step", PipelineDefinition=f.read(),
                       RoleArn="arn:aws:iam::000000000000:role/SageMakerRole")
arn = sm.start_pipeline_execution(PipelineName="model-step")["PipelineExecutionArn"]
deadline = time.time() + 120
while True:
    described = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    if described["PipelineExecutionStatus"] not in ("Executing", "Stopping") or time.time() > deadline:
        break
    time.sleep(0.2)

steps = sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]
result = {
    "status": described["PipelineExecutionStatus"],
    "failure": described.get("FailureReason"),
    "steps": {s["StepName"]: {"status": s["StepStatus"], "metadata": s.get("Metadata", {})} for s in steps},
}
model_arn = result["steps"].get("calhousing-CreateModel-CreateModel", {}).get("metadata", {}).get("Model", {}).get("Arn")
if model_arn:
    model = sm.describe_model(ModelName=model_arn.split("/", 1)[1])
    result["model"] = {"name": model["ModelName"], "arn": model["ModelArn"], "container": model["PrimaryContainer"],
                       "role": model.get("ExecutionRoleArn")}
    result["listed"] = [m["ModelName"] for m in sm.list_models()["Models"]]
    body = s3.get_object(Bucket="godwit-pipelines-test", Key="output/model-step/value.txt")["Body"].read()
    result["report"] = body.decode().strip()
print(json.dumps(result, default=str))
