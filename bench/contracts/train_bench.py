"""The benchmark's training script, in SageMaker script mode: XGBoost on the train channel,
hyperparameters as arguments, the model to SM_MODEL_DIR. With --dump-env it also writes the
environment and arguments it was started with, so the bench can start it directly the same way."""
import argparse
import glob
import json
import os
import sys

import numpy as np
import xgboost as xgb

parser = argparse.ArgumentParser()
parser.add_argument('--num_round', type=int, default=60)
parser.add_argument('--max_depth', type=int, default=6)
parser.add_argument('--dump-env', default='')
args = parser.parse_args()

if args.dump_env:
    with open(args.dump_env, 'w') as f:
        json.dump({'env': dict(os.environ), 'argv': sys.argv, 'cwd': os.getcwd()}, f)

data = np.concatenate([np.loadtxt(f, delimiter=',', ndmin=2) for f in sorted(glob.glob(os.path.join(os.environ['SM_CHANNEL_TRAIN'], '*.csv')))])
booster = xgb.train({'max_depth': args.max_depth, 'eta': 0.1, 'nthread': 1, 'seed': 0}, xgb.DMatrix(data[:, 1:], label=data[:, 0]), num_boost_round=args.num_round)
booster.save_model(os.path.join(os.environ['SM_MODEL_DIR'], 'xgboost-model.json'))
print('trained %d rounds on %d rows' % (args.num_round, len(data)))
