"""The Meilisearch client used by the web app and workers, with short timeouts."""

from __future__ import annotations

import meilisearch
from flask import current_app


def master_key() -> str | None:
    """The master key: from the environment, or generated into the instance folder locally."""
    from portal.config import instance_secret

    cfg = current_app.config
    if cfg.get("MEILI_MASTER_KEY"):
        return cfg["MEILI_MASTER_KEY"]
    if cfg.get("MEILI_EXTERNAL"):
        return None
    return instance_secret(current_app.instance_path, "meili_master_key")


def get_client(timeout: float | None = None) -> meilisearch.Client:
    cfg = current_app.config
    key = cfg.get("MEILI_API_KEY") or master_key()
    return meilisearch.Client(cfg["MEILI_URL"], key, timeout=timeout or cfg["MEILI_TIMEOUT"])


def engine_status() -> str:
    """'available', or why not, for /healthz and the degraded-mode notice."""
    try:
        health = get_client(timeout=1).health()
    except Exception as exc:  # noqa: BLE001 - any failure means the engine is not usable now
        return f"unavailable ({type(exc).__name__})"
    return "available" if health.get("status") == "available" else str(health.get("status"))
