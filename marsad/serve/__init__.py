"""HTTP API and dashboard over the store: ``marsad serve --db marsad.db``."""
