"""Abalone training for SageMaker script mode (the XGBoost framework container).

Hyperparameters arrive as --name value arguments; data and model paths default to the training
toolkit's SM_* variables, so the script runs as SageMaker starts it and by hand:

    python3 train.py --num_round 50 --train data/train --validation data/validation --model-dir out

Each round logs "[n]<tab>train-rmse:...<tab>validation-rmse:...", as SageMaker's XGBoost does,
which the pipeline's metric definitions read. The model is saved in XGBoost's JSON format.
"""
import argparse
import glob
import os

import numpy as np
import xgboost as xgb


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument('--max_depth', type=int, default=5)
    parser.add_argument('--eta', type=float, default=0.2)
    parser.add_argument('--gamma', type=float, default=4.0)
    parser.add_argument('--min_child_weight', type=float, default=6.0)
    parser.add_argument('--subsample', type=float, default=0.7)
    parser.add_argument('--objective', default='reg:squarederror')
    parser.add_argument('--num_round', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--model-dir', default=os.environ.get('SM_MODEL_DIR', '/opt/ml/model'))
    parser.add_argument('--train', default=os.environ.get('SM_CHANNEL_TRAIN', '/opt/ml/input/data/train'))
    parser.add_argument('--validation', default=os.environ.get('SM_CHANNEL_VALIDATION', '/opt/ml/input/data/validation'))
    return parser.parse_args()


def load(channel):
    files = sorted(glob.glob(os.path.join(channel, '*.csv')))
    if not files:
        raise SystemExit('no .csv file in channel %s' % channel)
    data = np.concatenate([np.loadtxt(f, delimiter=',', ndmin=2) for f in files])
    return xgb.DMatrix(data[:, 1:], label=data[:, 0])


def main():
    args = parse_args()
    dtrain, dvalid = load(args.train), load(args.validation)
    params = {
        'max_depth': args.max_depth,
        'eta': args.eta,
        'gamma': args.gamma,
        'min_child_weight': args.min_child_weight,
        'subsample': args.subsample,
        'objective': args.objective,
        'seed': args.seed,
        'nthread': 1,
    }
    booster = xgb.train(
        params,
        dtrain,
        num_boost_round=args.num_round,
        evals=[(dtrain, 'train'), (dvalid, 'validation')],
        verbose_eval=True,
    )
    os.makedirs(args.model_dir, exist_ok=True)
    booster.save_model(os.path.join(args.model_dir, 'xgboost-model.json'))
    print('saved the model to %s' % args.model_dir)


if __name__ == '__main__':
    main()
