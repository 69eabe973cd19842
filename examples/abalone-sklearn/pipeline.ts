/**
 * The abalone pipeline for SageMaker script mode: code/preprocess.py, code/train.py and
 * code/evaluate.py run as SageMaker runs them (the training toolkit's SM_* environment,
 * /opt/ml paths, model.tar.gz between steps). See README.md.
 *
 *   GODWIT_PYTHON=/usr/bin/python3 godwit run examples/abalone-sklearn/pipeline.ts
 */
import { abalonePipeline } from './abalone.js';

export default abalonePipeline({
  name: 'abalone-sklearn',
  contract: 'sagemaker',
  trainCode: 'code/train.py',
  processingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
  trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
});
