"""What runs work, below every layer: the Dask executor and page jobs (runtime/jobs.py)."""
