-- Lab 6.5, step 5: the predicted species of every penguin, beside the one recorded.
SELECT predicted_species, species, island, culmen_length_mm, culmen_depth_mm, flipper_length_mm, body_mass_g, sex
FROM ML.PREDICT(MODEL penguins.penguins_model, TABLE penguins.penguins);
