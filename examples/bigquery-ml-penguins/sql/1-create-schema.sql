-- Lab 6.5, step 1: the dataset that holds the table and the model.
CREATE SCHEMA IF NOT EXISTS penguins;
