"""Abalone preprocessing for a SageMaker processing job (SKLearnProcessor, script mode).

Reads the raw abalone CSV, one-hot encodes sex, imputes and standardises the seven measurements,
puts the label (rings) first, shuffles, and writes headerless train / validation / test CSVs
(70 / 15 / 15) for XGBoost. Paths are the SageMaker processing container's, overridable by
arguments, so the same file runs on SageMaker untouched and under Godwit in either sandbox mode.

    python3 preprocess.py --input-dir /opt/ml/processing/input --output-dir /opt/ml/processing
"""
import argparse
import glob
import os

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

FEATURES = ['length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight']
COLUMNS = ['sex', *FEATURES, 'rings']


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument('--input-dir', default='/opt/ml/processing/input')
    parser.add_argument('--output-dir', default='/opt/ml/processing')
    parser.add_argument('--seed', type=int, default=42)
    return parser.parse_args()


def main():
    args = parse_args()
    files = sorted(glob.glob(os.path.join(args.input_dir, '*.csv')))
    if not files:
        raise SystemExit('no .csv file in %s' % args.input_dir)
    df = pd.read_csv(files[0], header=None, names=COLUMNS)
    print('read %d rows from %s' % (len(df), files[0]))

    y = df.pop('rings').to_numpy(dtype=float)
    transform = ColumnTransformer([
        ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), FEATURES),
        ('sex', make_pipeline(SimpleImputer(strategy='constant', fill_value='missing'), OneHotEncoder(handle_unknown='ignore')), ['sex']),
    ])
    X = transform.fit_transform(df)
    data = np.concatenate([y.reshape(-1, 1), X], axis=1)
    np.random.default_rng(args.seed).shuffle(data)

    n = len(data)
    splits = {'train': data[: int(0.7 * n)], 'validation': data[int(0.7 * n): int(0.85 * n)], 'test': data[int(0.85 * n):]}
    for name, rows in splits.items():
        out = os.path.join(args.output_dir, name)
        os.makedirs(out, exist_ok=True)
        pd.DataFrame(rows).to_csv(os.path.join(out, name + '.csv'), header=False, index=False)
        print('wrote %d rows to %s' % (len(rows), out))


if __name__ == '__main__':
    main()
