-- Lab 6.5, step 4: precision, recall, accuracy, f1_score, log_loss and roc_auc of the model.
SELECT * FROM ML.EVALUATE(MODEL penguins.penguins_model) ORDER BY roc_auc DESC LIMIT 1;
