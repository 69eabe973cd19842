"""XGBoost's side of bench/ml/boosted-trees.ts: import, load the CSVs, train with hist, predict.

Prints one JSON line of timings (ms, from the process's start as far as Python can tell) and
writes the test predictions as float64 to argv[3].
"""
import json, resource, sys, time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xgboost as xgb  # noqa: E402

t_import = time.perf_counter()
train = pd.read_csv(sys.argv[1], header=None, dtype=np.float64).to_numpy()
test = pd.read_csv(sys.argv[2], header=None, dtype=np.float64).to_numpy()
t_load = time.perf_counter()
params = json.loads(sys.argv[4])
rounds = params.pop("rounds")
cpu = time.process_time()
start = time.perf_counter()
booster = xgb.train(params, xgb.DMatrix(train[:, 1:], label=train[:, 0], nthread=params["nthread"]), num_boost_round=rounds)
train_ms = (time.perf_counter() - start) * 1000
train_cpu_ms = (time.process_time() - cpu) * 1000
pred = booster.predict(xgb.DMatrix(test[:, 1:], nthread=params["nthread"]))
pred.astype(np.float64).tofile(sys.argv[3])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "version": xgb.__version__,
    "importMs": (t_import - t0) * 1000,
    "loadMs": (t_load - t_import) * 1000,
    "trainMs": train_ms,
    "trainCpuMs": train_cpu_ms,
    "processCpuMs": (usage.ru_utime + usage.ru_stime) * 1000,
}))
