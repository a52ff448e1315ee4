"""Engines that run extraction over many articles: ``local`` (process pool) and ``dask`` (cluster)."""
