from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from storylens.settings import SETTINGS_HELP, Settings, env_name, load_settings, worker_count

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("field", [f.name for f in fields(Settings)])
def test_settings_every_setting_is_documented(field: str) -> None:
    readme = README.read_text()
    assert field in SETTINGS_HELP
    default = getattr(Settings(), field)
    shown = f"`{default}`" if default != "" else "(none)"
    assert f"| {field} | `{env_name(field)}` | {shown} |" in readme
    assert SETTINGS_HELP[field] in readme


def test_settings_environment_then_explicit_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLENS_JOBS", "3")
    monkeypatch.setenv("STORYLENS_DB", "from-env.db")
    settings = load_settings(db="explicit.db", model=None)
    assert (settings.jobs, settings.db, settings.model) == (3, "explicit.db", Settings().model)


def test_settings_zero_jobs_means_every_core() -> None:
    assert worker_count(0) >= 1 and worker_count(5) == 5
