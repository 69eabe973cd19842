"""Abalone evaluation for a SageMaker processing job: scores the test set with the trained model
and writes evaluation.json, which the pipeline's condition reads with JsonGet:

    {"regression_metrics": {"mse": {"value": <mse>, "standard_deviation": <std of the errors>}}}

The model arrives as SageMaker hands over a training job's output, model.tar.gz; a plain model
folder (as Vertex AI keeps it) works too. It is XGBoost's (train.py, train_vertex.py) or
scikit-learn's model.joblib (train_sklearn.py).
"""
import argparse
import glob
import json
import os
import tarfile

import numpy as np

MODEL_FILES = ('xgboost-model.json', 'model.bst', 'model.joblib')


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model-dir', default='/opt/ml/processing/model')
    parser.add_argument('--test-dir', default='/opt/ml/processing/test')
    parser.add_argument('--output-dir', default='/opt/ml/processing/evaluation')
    return parser.parse_args()


def model_file(model_dir):
    archive = os.path.join(model_dir, 'model.tar.gz')
    if os.path.exists(archive):
        with tarfile.open(archive) as tar:
            tar.extractall(path='.')
        model_dir = '.'
    for name in MODEL_FILES:
        if os.path.exists(os.path.join(model_dir, name)):
            return os.path.join(model_dir, name)
    raise SystemExit('no model (%s) in %s' % (', '.join(MODEL_FILES), model_dir))


def predict(path, X):
    # Imported here so a scikit-learn model is evaluated without XGBoost installed, and back.
    if path.endswith('.joblib'):
        import joblib
        return joblib.load(path).predict(X)
    import xgboost as xgb
    booster = xgb.Booster()
    booster.load_model(path)
    return booster.predict(xgb.DMatrix(X))


def main():
    args = parse_args()
    path = model_file(args.model_dir)
    test = np.concatenate([np.loadtxt(f, delimiter=',', ndmin=2) for f in sorted(glob.glob(os.path.join(args.test_dir, '*.csv')))])
    y, X = test[:, 0], test[:, 1:]
    errors = y - predict(path, X)
    mse = float(np.mean(errors ** 2))
    report = {'regression_metrics': {'mse': {'value': mse, 'standard_deviation': float(np.std(errors))}}}
    os.makedirs(args.output_dir, exist_ok=True)
    with open(os.path.join(args.output_dir, 'evaluation.json'), 'w') as f:
        json.dump(report, f)
    print('test mse: %.4f on %d rows' % (mse, len(y)))


if __name__ == '__main__':
    main()
