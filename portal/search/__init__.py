"""Everything Meilisearch: the server launcher, the client, settings, documents, sync, queries.

Importing the package registers the outbox hook for parent rows copied into documents
(`fanout`), so every process that writes (web, workers, commands) notes those changes too.
"""

from portal.search import fanout  # noqa: F401  (registers a SQLAlchemy event listener)
