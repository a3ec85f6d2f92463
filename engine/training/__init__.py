"""Training: experiments, runs, fitting, cross-validation, search, evaluation, explanations."""
