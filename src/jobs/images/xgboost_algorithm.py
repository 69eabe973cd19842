# SageMaker's built-in XGBoost algorithm (the sagemaker-xgboost image without a user script), run
# with Python's xgboost under Godwit's copy of the SageMaker training contract. It reads what the
# algorithm reads and writes what it writes:
#
# - hyperparameters from SM_HPS (else /opt/ml/input/config/hyperparameters.json): num_round
#   (required), objective (default reg:squarederror), early_stopping_rounds, eval_metric (comma
#   separated), csv_weights, and any other XGBoost parameter, passed to xgboost.train as given;
# - channels `train` (required) and `validation` (optional): every file under the channel's folder,
#   CSV without a header and with the label in the first column, or libsvm. The channel's
#   ContentType (text/csv, text/libsvm) decides when inputdataconfig.json gives one; else the first
#   line does (`label index:value ...` is libsvm);
# - evaluation lines as the algorithm logs them ("[3]#011train-rmse:2.1#011validation-rmse:2.3"),
#   which its metric definitions read;
# - the model as /opt/ml/model/xgboost-model (XGBoost JSON, which the algorithm's serving container
#   and Godwit's XGBoost runtime both load), and a reason in /opt/ml/output/failure on bad input.
import json
import os
import sys
import traceback


class UserError(Exception):
    """Bad hyperparameters or data: written to the failure file as the algorithm would."""


def main():
    try:
        import numpy as np
        import xgboost as xgb
    except ImportError as err:
        fail(f"ModuleNotFoundError: {err}. The XGBoost algorithm needs Python's xgboost: set GODWIT_PYTHON "
             "to an interpreter that has it (Debian: apt-get install python3-xgboost).")
    hps = read_hyperparameters()
    try:
        params, rounds, early, weights = split_hyperparameters(hps)
        train = load_channel("train", np, xgb, weights, required=True)
        validation = load_channel("validation", np, xgb, weights, required=False)
    except UserError as err:
        fail(f"ClientError: {err}")
    evals = [(train, "train")] + ([(validation, "validation")] if validation is not None else [])
    print(f"[INFO] Godwit: XGBoost {xgb.__version__}, {train.num_row()} training rows, num_round={rounds}", flush=True)
    try:
        booster = xgb.train(params, train, num_boost_round=rounds, evals=evals,
                            early_stopping_rounds=early if validation is not None else None,
                            callbacks=[SageMakerLog()], verbose_eval=False)
    except xgb.core.XGBoostError as err:
        fail(f"ClientError: XGBoost refused the training: {str(err).splitlines()[0]}")
    model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "xgboost-model"), "wb") as out:
        out.write(bytes(booster.save_raw(raw_format="json")))
    print(f"[INFO] Godwit: model written to {model_dir}/xgboost-model", flush=True)


def read_hyperparameters():
    if os.environ.get("SM_HPS"):
        return json.loads(os.environ["SM_HPS"])
    config_dir = os.environ.get("SM_INPUT_CONFIG_DIR", "/opt/ml/input/config")
    with open(os.path.join(config_dir, "hyperparameters.json")) as f:
        raw = json.load(f)
    out = {}
    for name, text in raw.items():
        try:
            out[name] = json.loads(text)
        except (TypeError, ValueError):
            out[name] = text
    return out


def number(value):
    """The algorithm's hyperparameters are strings; XGBoost wants numbers where they are numbers."""
    if isinstance(value, str):
        for cast in (int, float):
            try:
                return cast(value)
            except ValueError:
                pass
    return value


def split_hyperparameters(hps):
    hps = {k: v for k, v in hps.items() if not k.startswith("sagemaker_") and k != "_tuning_objective_metric"}
    if "num_round" not in hps:
        raise UserError("Missing required hyperparameter: num_round")
    rounds = number(hps.pop("num_round"))
    if not isinstance(rounds, int) or rounds < 1:
        raise UserError(f"num_round must be a positive integer, not {rounds!r}")
    early = hps.pop("early_stopping_rounds", None)
    weights = str(hps.pop("csv_weights", 0)) == "1"
    params = {"objective": "reg:squarederror", "verbosity": 1}
    for name, value in hps.items():
        if name == "eval_metric":
            params[name] = [m.strip() for m in str(value).split(",") if m.strip()]
        else:
            params[name] = number(value)
    return params, rounds, (number(early) if early is not None else None), weights


def channel_content_type(name):
    try:
        config = json.loads(os.environ.get("SM_INPUT_DATA_CONFIG", "{}"))
    except ValueError:
        config = {}
    return str(config.get(name, {}).get("ContentType", "")).split(";")[0].strip().lower()


def load_channel(name, np, xgb, weights, required):
    folder = os.environ.get(f"SM_CHANNEL_{name.upper()}", f"/opt/ml/input/data/{name}")
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(folder) for f in names
                   if not f.startswith(".")) if os.path.isdir(folder) else []
    lines = [line for path in files for line in read_lines(path)]
    if not lines:
        if required:
            raise UserError(f"Channel {name} has no data (looked in {folder})")
        return None
    kind = channel_content_type(name)
    libsvm = "libsvm" in kind if kind else ":" in lines[0].split()[-1]
    label, features, weight = (parse_libsvm if libsvm else parse_csv)(lines, name, np, weights)
    return xgb.DMatrix(features, label=label, weight=weight)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def parse_csv(lines, channel, np, weights):
    try:
        rows = np.array([[float(v) if v != "" else np.nan for v in line.split(",")] for line in lines])
    except ValueError as err:
        raise UserError(f"Channel {channel} is not CSV of numbers with the label first and no header: {err}")
    if rows.ndim != 2 or rows.shape[1] < 2:
        raise UserError(f"Channel {channel} needs a label column and at least one feature column")
    if weights:
        return rows[:, 0], rows[:, 2:], rows[:, 1]
    return rows[:, 0], rows[:, 1:], None


def parse_libsvm(lines, channel, np, weights):
    from scipy.sparse import csr_matrix

    labels, data, indices, indptr = [], [], [], [0]
    for n, line in enumerate(lines):
        head, *pairs = line.split("#")[0].split()
        try:
            labels.append(float(head.split(":")[0]))
            for pair in pairs:
                index, value = pair.split(":")
                indices.append(int(index))
                data.append(float(value))
        except ValueError:
            raise UserError(f"Channel {channel} line {n + 1} is not libsvm (label index:value ...): {line[:80]}")
        indptr.append(len(indices))
    return np.array(labels), csr_matrix((data, indices, indptr)), None


class SageMakerLog:
    """Prints each round's evaluation as the algorithm does, tab-separated ("#011" once in CloudWatch)."""

    def __new__(cls):
        import xgboost as xgb

        class Callback(xgb.callback.TrainingCallback):
            def after_iteration(self, model, epoch, evals_log):
                parts = [f"{data}-{metric}:{values[-1]:.5f}"
                         for data, metrics in evals_log.items() for metric, values in metrics.items()]
                print(f"[{epoch}]\t" + "\t".join(parts), flush=True)
                return False

        return Callback()


def fail(reason):
    output = os.environ.get("SM_OUTPUT_DIR", "/opt/ml/output")
    try:
        os.makedirs(output, exist_ok=True)
        with open(os.path.join(output, "failure"), "w") as f:
            f.write(reason)
    except OSError:
        traceback.print_exc()
    print(reason, file=sys.stderr, flush=True)
    sys.exit(1)


if __name__ == "__main__":
    main()
