"""Abalone training with scikit-learn, for SageMaker script mode (the scikit-learn framework container).

The same channels and hyperparameters as train.py (XGBoost): rows of the preprocessed CSVs, label
first. A gradient-boosted tree ensemble (scikit-learn's GradientBoostingRegressor) with
num_round trees of max_depth, learning rate eta. Each tree logs "[n]<tab>train-rmse:...<tab>
validation-rmse:..." as train.py does, so the pipeline's metric definitions read it unchanged.
The fitted model is saved with joblib (which scikit-learn bundles) as model.joblib, what
serve/serve.py loads:

    python3 train_sklearn.py --num_round 50 --train data/train --validation data/validation --model-dir out
"""
import argparse
import glob
import os

import joblib
import numpy as np
from sklearn.ensemble import GradientBoostingRegressor

LOSSES = {'reg:squarederror': 'squared_error', 'reg:absoluteerror': 'absolute_error'}


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument('--max_depth', type=int, default=5)
    parser.add_argument('--eta', type=float, default=0.2)
    parser.add_argument('--subsample', type=float, default=0.7)
    parser.add_argument('--objective', default='reg:squarederror', choices=sorted(LOSSES))
    parser.add_argument('--num_round', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--model-dir', default=os.environ.get('SM_MODEL_DIR', '/opt/ml/model'))
    parser.add_argument('--train', default=os.environ.get('SM_CHANNEL_TRAIN', '/opt/ml/input/data/train'))
    parser.add_argument('--validation', default=os.environ.get('SM_CHANNEL_VALIDATION', '/opt/ml/input/data/validation'))
    # XGBoost's hyperparameters that have no scikit-learn counterpart here are accepted and unused.
    parser.add_argument('--gamma', type=float)
    parser.add_argument('--min_child_weight', type=float)
    return parser.parse_args()


def load(channel):
    files = sorted(glob.glob(os.path.join(channel, '*.csv')))
    if not files:
        raise SystemExit('no .csv file in channel %s' % channel)
    data = np.concatenate([np.loadtxt(f, delimiter=',', ndmin=2) for f in files])
    return data[:, 1:], data[:, 0]


def rmse(y, predicted):
    return float(np.sqrt(np.mean((y - predicted) ** 2)))


def main():
    args = parse_args()
    (x_train, y_train), (x_valid, y_valid) = load(args.train), load(args.validation)
    model = GradientBoostingRegressor(
        loss=LOSSES[args.objective],
        n_estimators=args.num_round,
        max_depth=args.max_depth,
        learning_rate=args.eta,
        subsample=args.subsample,
        random_state=args.seed,
    )
    model.fit(x_train, y_train)
    stages = zip(model.staged_predict(x_train), model.staged_predict(x_valid))
    for n, (on_train, on_valid) in enumerate(stages):
        print('[%d]\ttrain-rmse:%.5f\tvalidation-rmse:%.5f' % (n, rmse(y_train, on_train), rmse(y_valid, on_valid)))
    os.makedirs(args.model_dir, exist_ok=True)
    joblib.dump(model, os.path.join(args.model_dir, 'model.joblib'))
    print('saved the model to %s' % args.model_dir)


if __name__ == '__main__':
    main()
