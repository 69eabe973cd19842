-- Lab 6.5, step 6: export the trained model to Cloud Storage, where the model registry reads it.
EXPORT MODEL penguins.penguins_model OPTIONS(URI='gs://godwit-penguins/model/');
