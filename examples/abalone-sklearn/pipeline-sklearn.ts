/**
 * The abalone pipeline for SageMaker script mode with a scikit-learn model: code/train_sklearn.py
 * (a gradient-boosted tree ensemble saved as model.joblib) in place of XGBoost. Its model.tar.gz is
 * what serve/serve.py serves as a bring-your-own container. See README.md.
 *
 *   GODWIT_PYTHON=/usr/bin/python3 godwit run examples/abalone-sklearn/pipeline-sklearn.ts
 */
import { abalonePipeline } from './abalone.js';

export default abalonePipeline({
  name: 'abalone-sklearn-gbr',
  contract: 'sagemaker',
  trainCode: 'code/train_sklearn.py',
  algorithm: "scikit-learn's gradient boosting",
  modelPackageGroup: 'AbaloneSklearnModels',
  processingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
  trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
});
