"""Writers turn the model into wire documents; they read the model and nothing else."""
