"""Everything Meilisearch: the server launcher, the client, settings, documents, sync, queries."""
