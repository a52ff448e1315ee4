"""Versioned schema migrations: ``NNNN_description.sql`` brings a database from version NNNN-1 to NNNN.

``schema.sql`` always holds the current schema (used for a fresh database). When the schema
changes: bump ``SCHEMA_VERSION`` in ``marsad/store/db.py``, edit ``schema.sql``, and add
``NNNN_what_changed.sql`` here with the ALTER/CREATE statements that turn version NNNN-1 into NNNN.
Each file runs in one transaction, followed by ``PRAGMA user_version=NNNN``.
Version 1 is the first schema; 0002 adds the API indexes and article text search; 0003 actor name search.
"""
