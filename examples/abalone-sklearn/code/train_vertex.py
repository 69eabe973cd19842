"""Abalone training for a Vertex AI custom job (prebuilt XGBoost container, or any image).

Vertex passes hyperparameters as --name=value arguments and the data and model locations in
AIP_* variables as Cloud Storage URIs (the data as wildcards, gs://bucket/path/training-*), with
Cloud Storage mounted at /gcs/. The model is saved as model.bst, the file Vertex's prebuilt XGBoost
serving container loads.

    AIP_TRAINING_DATA_URI=gs://b/data/train/* AIP_VALIDATION_DATA_URI=gs://b/data/validation/* \\
    AIP_MODEL_DIR=gs://b/out/model/ python3 train_vertex.py --num_round=50
"""
import argparse
import glob
import os

import numpy as np
import xgboost as xgb


def local(uri):
    """Cloud Storage through the /gcs FUSE mount; a local path stays as it is."""
    return '/gcs/' + uri[len('gs://'):] if uri.startswith('gs://') else uri


def load(uri):
    files = sorted(glob.glob(local(uri)))
    if not files:
        raise SystemExit('no data file matches %s' % uri)
    data = np.concatenate([np.loadtxt(f, delimiter=',', ndmin=2) for f in files])
    return xgb.DMatrix(data[:, 1:], label=data[:, 0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--max_depth', type=int, default=5)
    parser.add_argument('--eta', type=float, default=0.2)
    parser.add_argument('--num_round', type=int, default=50)
    parser.add_argument('--objective', default='reg:squarederror')
    args, _ = parser.parse_known_args()
    if os.environ.get('AIP_DATA_FORMAT', 'csv') != 'csv':
        raise SystemExit('this script reads CSV; AIP_DATA_FORMAT is %s' % os.environ['AIP_DATA_FORMAT'])

    dtrain = load(os.environ['AIP_TRAINING_DATA_URI'])
    dvalid = load(os.environ['AIP_VALIDATION_DATA_URI'])
    params = {'max_depth': args.max_depth, 'eta': args.eta, 'objective': args.objective, 'seed': 0, 'nthread': 1}
    booster = xgb.train(params, dtrain, num_boost_round=args.num_round, evals=[(dtrain, 'train'), (dvalid, 'validation')])

    model_dir = local(os.environ['AIP_MODEL_DIR'])
    os.makedirs(model_dir, exist_ok=True)
    # model.bst is the name Vertex's prebuilt XGBoost container loads; its content is XGBoost's JSON
    # model format (XGBoost reads either from that name), which, unlike the deprecated binary format,
    # any XGBoost version and Godwit's batch transform can read.
    with open(os.path.join(model_dir, 'model.bst'), 'wb') as f:
        f.write(booster.save_raw('json'))
    print('saved model.bst to %s (project %s, job %s)' % (os.environ['AIP_MODEL_DIR'], os.environ.get('CLOUD_ML_PROJECT_ID'), os.environ.get('CLOUD_ML_JOB_ID')))


if __name__ == '__main__':
    main()
