"""Service settings, read from the environment or `.env` (README.md, Settings;
docs/architecture.md, Stores)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    store: Literal["embedded", "neo4j"] = Field(default="embedded", alias="CHAINMAP_STORE")
    host: str = Field(default="127.0.0.1", alias="CHAINMAP_HOST")
    port: int = Field(default=8000, ge=1, le=65535, alias="CHAINMAP_PORT")
    data_dir: Path = Field(default=Path("./data"), alias="CHAINMAP_DATA_DIR")
    load_seed: bool = Field(default=False, alias="CHAINMAP_LOAD_SEED")
    neo4j_uri: str = Field(default="bolt://localhost:7687", alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER")
    neo4j_password: SecretStr = Field(default=SecretStr(""), alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")
    max_package_bytes: int = Field(default=512 * 1024 * 1024, alias="CHAINMAP_MAX_PACKAGE_BYTES")
    # Requests a minute per API key (per address without one); 0 turns the limit off.
    rate_per_minute: int = Field(default=1200, ge=0, alias="CHAINMAP_RATE_PER_MINUTE")
    # Signs the web console's session cookies; unset, each start draws a fresh one (and signs
    # everybody out). Set it to share sessions between processes.
    session_secret: SecretStr = Field(default=SecretStr(""), alias="CHAINMAP_SESSION_SECRET")
    session_hours: float = Field(default=8, gt=0, le=24 * 30, alias="CHAINMAP_SESSION_HOURS")
