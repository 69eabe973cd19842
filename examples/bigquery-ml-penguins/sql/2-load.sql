-- Lab 6.5, step 2: load the penguins CSV from Cloud Storage (offline: Godwit's gs:// store,
-- filled by `godwit storage cp data/penguins.csv gs://godwit-penguins/data/penguins.csv`).
-- The table is created from the file's columns; OVERWRITE makes a second run replace its rows.
LOAD DATA OVERWRITE penguins.penguins
FROM FILES (
  format = 'CSV',
  skip_leading_rows = 1,
  uris = ['gs://godwit-penguins/data/penguins.csv']
);
