"""pandas describe() of the bench data in its own process (bench/monitor/profile-bench.ts).

Debian's pandas has no Parquet engine (no pyarrow / fastparquet), so it reads the same values
from the CSV copy (`csv`, pandas' C parser) or from the capture JSON lines (`capture`: each line's
endpointInput.data, the CSV request, collected and parsed by read_csv). Prints the read and
describe() wall time, and the process's CPU time from its start (imports included).

    /usr/bin/python3 bench/monitor/describe-pandas.py csv|capture FILE
"""
import io
import json
import resource
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (its import is part of the process being measured)

kind, path = sys.argv[1], sys.argv[2]
t_read = time.perf_counter()
cpu_read = time.process_time()
if kind == "csv":
    df = pd.read_csv(path)
else:
    with open(path, "rb") as f:
        rows = [json.loads(line)["captureData"]["endpointInput"]["data"] for line in f]
    df = pd.read_csv(io.StringIO("\n".join(rows)), header=None)
t_describe = time.perf_counter()
summary = df.describe()
t_end = time.perf_counter()
cpu_end = time.process_time()
usage = resource.getrusage(resource.RUSAGE_SELF)
first = summary.iloc[:, 0]
print(json.dumps({
    "rows": int(first["count"]),
    "columns": int(summary.shape[1]),
    "wallMs": (t_end - t_read) * 1000,
    "cpuMs": (cpu_end - cpu_read) * 1000,
    "readMs": (t_describe - t_read) * 1000,
    "describeMs": (t_end - t_describe) * 1000,
    "processCpuMs": (usage.ru_utime + usage.ru_stime) * 1000,
    "check": {"mean": float(first["mean"]), "std": float(first["std"]), "min": float(first["min"]), "max": float(first["max"])},
}))
