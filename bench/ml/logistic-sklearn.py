"""The scikit-learn side of the logistic-regression figure, run as its own process by logistic.ts:
import scikit-learn, load the CSVs with pandas, fit LogisticRegression(solver='lbfgs') with its
defaults (C=1, tol=1e-4, max_iter=100) and print one JSON line of timings and log-losses."""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

load_start = time.perf_counter()
train = pd.read_csv(sys.argv[1], header=None).to_numpy()
test = pd.read_csv(sys.argv[2], header=None).to_numpy()
load_ms = (time.perf_counter() - load_start) * 1000
x, y = np.ascontiguousarray(train[:, 1:]), train[:, 0]
cpu = time.process_time()
start = time.perf_counter()
model = LogisticRegression(solver="lbfgs").fit(x, y)
train_ms = (time.perf_counter() - start) * 1000
train_cpu_ms = (time.process_time() - cpu) * 1000
print(json.dumps({
    "loadMs": load_ms,
    "trainMs": train_ms,
    "trainCpuMs": train_cpu_ms,
    "processCpuMs": time.process_time() * 1000,
    "iterations": int(model.n_iter_[0]),
    "trainLogLoss": log_loss(y, model.predict_proba(x)),
    "testLogLoss": log_loss(test[:, 0], model.predict_proba(test[:, 1:])),
}))
