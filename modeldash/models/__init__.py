"""Networks, their configs, the zoo registry and the training recipes."""
