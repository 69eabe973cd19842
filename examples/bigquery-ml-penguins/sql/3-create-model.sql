-- Lab 6.5, step 3: a deep neural network classifier of species, trained on every other column.
CREATE OR REPLACE MODEL penguins.penguins_model
  OPTIONS(model_type='DNN_CLASSIFIER', input_label_cols=['species']) AS
  SELECT * FROM penguins.penguins;
