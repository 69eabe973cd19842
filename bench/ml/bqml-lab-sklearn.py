"""Lab 6.5's steps in scikit-learn, the peer of bench/ml/bqml-lab.ts: load the penguins CSV, fit
the same preprocessing (standardise and mean-impute numbers, one-hot strings with NULL a category)
and a 128-unit MLP with Adam (lr 0.001, 20 epochs, one batch of all rows, as Godwit's defaults),
evaluate (macro one-vs-rest roc_auc on the training rows, as ML.EVALUATE does below 500 rows) and
predict the table. Prints one JSON line: wall and CPU milliseconds of the steps (imports excluded)."""
import json, sys, time, warnings
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore")
wall, cpu = time.perf_counter(), time.process_time()
df = pd.read_csv(sys.argv[1])
y = df.pop("species")
numeric = [c for c in df.columns if df[c].dtype.kind in "if"]
strings = [c for c in df.columns if c not in numeric]
df[strings] = df[strings].fillna("NULL")
prep = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
    ("cat", OneHotEncoder(handle_unknown="ignore"), strings),
])
model = make_pipeline(prep, MLPClassifier(hidden_layer_sizes=(128,), learning_rate_init=0.001, max_iter=20,
                                          batch_size=len(df), random_state=0))
model.fit(df, y)
auc = roc_auc_score(y, model.predict_proba(df), multi_class="ovr", average="macro")
predicted = model.predict(df)
print(json.dumps({"wallMs": (time.perf_counter() - wall) * 1000, "cpuMs": (time.process_time() - cpu) * 1000,
                  "rocAuc": auc, "predicted": int(len(predicted))}))
