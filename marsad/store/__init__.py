"""The SQLite store: schema, ingest, merge across articles, shared query filters."""
from marsad.store.db import SCHEMA_VERSION, StoreError, connect, content_hash, open_db
from marsad.store.filters import Filters

__all__ = ["SCHEMA_VERSION", "StoreError", "connect", "content_hash", "open_db", "Filters"]
