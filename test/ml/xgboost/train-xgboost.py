# Trains small XGBoost models with the real XGBoost on the abalone data, saves each as JSON and
# UBJSON, and writes XGBoost's own predictions for held-out rows with missing values, so the
# codec test can check Godwit's predictions against them. Usage: train-xgboost.py ABALONE OUT
import json
import sys

import numpy as np
import xgboost as xgb

abalone, out = sys.argv[1], sys.argv[2]
raw = [line.strip().split(",") for line in open(abalone) if line.strip()]
sex = np.array([[r[0] == s for s in "MFI"] for r in raw], dtype=float)
num = np.array([[float(v) for v in r[1:8]] for r in raw])
rings = np.array([float(r[8]) for r in raw])
X = np.hstack([sex, num])
rng = np.random.default_rng(7)
X[rng.random(X.shape) < 0.05] = np.nan  # missing values follow each split's default direction
train, test = X[:3500], X[3500:3700]
y = rings[:3500]
cls3 = np.digitize(y, [8, 11]).astype(float)

cases = {
    "reg-squarederror": ({"objective": "reg:squarederror", "max_depth": 5}, y, 40),
    "reg-linear": ({"objective": "reg:linear", "max_depth": 3}, y, 10),
    "binary-logistic": ({"objective": "binary:logistic", "max_depth": 4}, (y > 9).astype(float), 30),
    "binary-logitraw": ({"objective": "binary:logitraw", "max_depth": 4}, (y > 9).astype(float), 20),
    "reg-logistic": ({"objective": "reg:logistic", "max_depth": 3}, (y > 9).astype(float), 20),
    "multi-softprob": ({"objective": "multi:softprob", "num_class": 3, "max_depth": 4}, cls3, 20),
    "multi-softmax": ({"objective": "multi:softmax", "num_class": 3, "max_depth": 4}, cls3, 20),
    "count-poisson": ({"objective": "count:poisson", "max_depth": 4}, y, 30),
    "reg-gamma": ({"objective": "reg:gamma", "max_depth": 4}, y, 30),
    "reg-tweedie": ({"objective": "reg:tweedie", "max_depth": 4}, y, 30),
    "gblinear": ({"objective": "reg:squarederror", "booster": "gblinear"}, y, 20),
    "dart": ({"objective": "binary:logistic", "booster": "dart", "rate_drop": 0.2, "max_depth": 3}, (y > 9).astype(float), 15),
    "parallel-trees": ({"objective": "reg:squarederror", "num_parallel_tree": 3, "subsample": 0.8, "colsample_bynode": 0.8, "max_depth": 3}, y, 5),
}
expected = {}
for name, (params, label, rounds) in cases.items():
    params = {**params, "seed": 1, "eta": 0.3, "nthread": 1}
    booster = xgb.train(params, xgb.DMatrix(train, label=label), num_boost_round=rounds)
    booster.save_model(f"{out}/{name}.json")
    booster.save_model(f"{out}/{name}.ubj")
    expected[name] = booster.predict(xgb.DMatrix(test)).tolist()

# Categorical splits: sex as a pandas category, scored with the category codes.
try:
    import pandas as pd

    frame = pd.DataFrame(np.hstack([np.argmax(sex, axis=1)[:, None], num]), columns=["sex"] + [f"x{i}" for i in range(7)])
    frame["sex"] = frame["sex"].astype("category")
    params = {"objective": "reg:squarederror", "tree_method": "hist", "max_depth": 4, "max_cat_to_onehot": 1, "seed": 1, "nthread": 1}
    booster = xgb.train(params, xgb.DMatrix(frame[:3500], label=y, enable_categorical=True), num_boost_round=20)
    booster.save_model(f"{out}/categorical.json")
    booster.save_model(f"{out}/categorical.ubj")
    expected["categorical"] = booster.predict(xgb.DMatrix(frame[3500:3700], enable_categorical=True)).tolist()
    cat_test = frame[3500:3700].astype(float).to_numpy()
except ImportError:
    cat_test = None

json.dump(
    {
        "version": xgb.__version__,
        "test": [[None if np.isnan(v) else v for v in row] for row in test.tolist()],
        "categoricalTest": None if cat_test is None else cat_test.tolist(),
        "expected": expected,
        "margins": {"binary-logistic": xgb.Booster(model_file=f"{out}/binary-logistic.json").predict(xgb.DMatrix(test), output_margin=True).tolist()},
    },
    open(f"{out}/expected.json", "w"),
)
