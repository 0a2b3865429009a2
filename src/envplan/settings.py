"""One typed settings object for the whole application, read from the environment (prefix ENVPLAN_).

``DATABASE_URL`` is read without the prefix, as deployments expect. Outside development the
settings refuse the placeholder secret key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    """Application settings. Every field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="ENVPLAN_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(
        default=Path("envplan-data"), description="Where the SQLite file, uploads and exports live."
    )
    database_url: str | None = Field(
        default=None,
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL; default: SQLite file envplan.sqlite3 in data_dir.",
    )
    secret_key: str = Field(default=DEV_SECRET, description="Signs session cookies and CSRF tokens.")
    session_max_age_seconds: int = Field(default=8 * 3600, description="Sessions expire after this long.")
    login_max_failures: int = Field(
        default=5, description="Failed sign-ins allowed per window before throttling."
    )
    login_window_seconds: int = Field(default=300, description="Window for counting failed sign-ins.")
    upload_max_bytes: int = Field(default=20 * 1024 * 1024, description="Largest notice or evidence upload.")
    web_threads: int = Field(
        default=4,
        ge=1,
        le=200,
        description="Requests one web worker process runs at once; the others wait their turn.",
    )
    public_base_url: str | None = Field(
        default=None,
        description="Public address of the web application; makes e-mailed links absolute.",
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server for notification emails (none: off)."
    )
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_sender: str = "envplan@localhost"
    smtp_starttls: bool = False

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("ENVPLAN_SECRET_KEY must be set to a real secret outside development")
        return self

    @property
    def effective_database_url(self) -> str:
        """DATABASE_URL, or the embedded SQLite file under data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'envplan.sqlite3').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own :class:`Settings`)."""
    return Settings()
