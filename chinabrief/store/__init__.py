"""Storage: SQLite by default (one file, WAL), the schema's numbered migrations, and search."""

from chinabrief.store.database import Store, open_store

__all__ = ["Store", "open_store"]
