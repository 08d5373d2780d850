"""Everything Meilisearch: the server launcher, the client, settings, documents, sync, queries.

`init_app` registers the outbox hook for parent rows copied into documents (`fanout`); the app
factory calls it, so every process that writes (web, workers, commands) notes those changes.
"""

from portal.search import fanout


def init_app() -> None:
    """Note changes to rows whose fields other documents carry (an organization's name)."""
    fanout.listen()


__all__ = ["init_app"]
