"""Connection settings for Neo4j; the one place that reads NEO4J_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

__all__ = ["DEFAULT_DATABASE", "DEFAULT_URI", "Settings"]

DEFAULT_URI = "neo4j://localhost:7687"
DEFAULT_DATABASE = "neo4j"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Settings:
    """Where and how to reach Neo4j. The password is never shown in ``repr`` or messages."""

    uri: str = DEFAULT_URI
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = DEFAULT_DATABASE

    def __post_init__(self) -> None:
        parts = urlsplit(self.uri)
        if parts.scheme not in _SCHEMES:
            allowed = ", ".join(s + "://" for s in _SCHEMES)
            raise ValueError(f"unsupported Neo4j URI scheme '{parts.scheme}://'; use one of: {allowed}")
        if parts.username is not None or parts.password is not None:
            # Never echo the URI here: it carries the secret.
            raise ValueError(
                "the Neo4j URI must not carry a user or password; "
                "give them in NEO4J_USERNAME and NEO4J_PASSWORD"
            )
        host = parts.netloc.rsplit("]", 1)[0] if parts.netloc.startswith("[") else parts.netloc
        if "%" in host or not parts.hostname:
            # A percent-encoded user and password ("neo4j%3ASecret%40host") is no host name: never echo it.
            raise ValueError(
                "the Neo4j URI's host is not a host name (it is empty or holds percent-encoded characters, "
                "perhaps a user and password); give the user and password in NEO4J_USERNAME and "
                "NEO4J_PASSWORD"
            )
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise ValueError("the Neo4j URI's port is not a number from 0 to 65535") from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
        """Settings from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE.

        Keyword ``overrides`` (e.g. from command-line options) win when they are not None.
        """
        env = os.environ if environ is None else environ
        values: dict[str, str | None] = {
            "uri": env.get("NEO4J_URI") or DEFAULT_URI,
            "username": env.get("NEO4J_USERNAME") or "neo4j",
            "password": env.get("NEO4J_PASSWORD") or None,
            "database": env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def safe_uri(self) -> str:
        """The URI without any user or password it may carry, for messages."""
        parts = urlsplit(self.uri)
        host = parts.hostname or ""
        if ":" in host:  # IPv6: bolt://[::1]:7687
            host = f"[{host}]"
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
