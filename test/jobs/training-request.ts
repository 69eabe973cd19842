/** A CreateTrainingJob request as boto3 sends it, with `changes` merged into the top level. */
export function trainingRequest(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    TrainingJobName: 'abalone-train-1',
    RoleArn: 'arn:aws:iam::000000000000:role/SageMakerRole',
    AlgorithmSpecification: {
      TrainingImage: '/opt/images/train.py',
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' }],
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/train/', S3DataDistributionType: 'FullyReplicated' },
        },
        ContentType: 'text/csv',
        CompressionType: 'None',
      },
    ],
    OutputDataConfig: { S3OutputPath: 's3://models/abalone' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    HyperParameters: { num_round: '5' },
    ...changes,
  };
}
