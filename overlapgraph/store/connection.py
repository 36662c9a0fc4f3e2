"""Connecting to Neo4j, and the one place where driver errors become :class:`StoreError`."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j import exceptions as nx

from ..config import Settings
from ..errors import StoreError

__all__ = ["CONNECTION_TIMEOUT", "connect", "store_errors"]

# The driver logs routing failures as warnings; the library reports them as StoreError instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

#: Seconds to wait for a server before giving up (a server that is not running fails well within 10 s).
CONNECTION_TIMEOUT = 4.0


def _scrub(text: str, settings: Settings) -> str:
    """Remove the password in every form (as is, percent-encoded, in a URI) from a text, and the raw URI.

    >>> s = Settings(uri="bolt://localhost:1", password="p@ss word")
    >>> _scrub("auth p@ss word, p%40ss%20word, p%40ss+word, bolt://u:x@h:1/", s)
    'auth ***, ***, ***, bolt://***@h:1/'
    """
    from urllib.parse import quote, quote_plus

    if settings.password:
        for form in {settings.password, quote(settings.password, safe=""), quote_plus(settings.password)}:
            text = re.sub(re.escape(form), "***", text, flags=re.IGNORECASE)
    text = text.replace(settings.uri, settings.safe_uri)
    text = _USERINFO.sub(r"\1***@", text)
    return " ".join(text.split())


# The user and password part of any URI in a message ("bolt://user:secret@host"): never shown.
_USERINFO = re.compile(r"([a-z][a-z0-9+.-]{0,20}://)[^/@\s]{1,200}@", re.IGNORECASE)


@contextmanager
def store_errors(settings: Settings, doing: str = "") -> Iterator[None]:
    """Translate the Neo4j driver's exceptions raised inside the block into :class:`StoreError`.

    Parameters
    ----------
    settings
        The connection, named in messages by :attr:`Settings.safe_uri` (never the password).
    doing
        What was being done, for the message, e.g. ``"loading data/empact-2022"``.

    Examples
    --------
    >>> s = Settings(uri="bolt://localhost:1")
    >>> with store_errors(s, "testing"):
    ...     raise nx.ServiceUnavailable("connection refused")
    Traceback (most recent call last):
    ...
    overlapgraph.errors.StoreError: Cannot reach Neo4j at bolt://localhost:1 while testing ...
    """
    where = settings.safe_uri
    during = f" while {doing}" if doing else ""
    try:
        yield
    except nx.AuthError as e:
        raise StoreError(
            f"Neo4j at {where} refused the credentials of user '{settings.username}'{during}: "
            "check NEO4J_USERNAME and NEO4J_PASSWORD"
        ) from e
    except (nx.ServiceUnavailable, nx.SessionExpired) as e:
        reason = _scrub(str(e), settings)
        m = re.search(r"reason (?:\[Errno \d+\] )?([^)]+)\)", reason)
        raise StoreError(
            f"Cannot reach Neo4j at {where}{during} ({m.group(1) if m else reason}). Is it running? "
            "Set NEO4J_URI or --uri to use another server, or start one with `overlapgraph server start`."
        ) from e
    except nx.Neo4jError as e:
        code = e.code or "error"
        raise StoreError(
            f"Neo4j at {where} (database '{settings.database}') failed{during}: "
            f"{code}: {_scrub(e.message or str(e), settings)}"
        ) from e
    except (nx.DriverError, OSError) as e:
        raise StoreError(f"Neo4j at {where}{during}: {_scrub(str(e) or type(e).__name__, settings)}") from e


def connect(settings: Settings) -> neo4j.Driver:
    """A driver for ``settings`` whose connectivity has been verified; close it (``with``) after use.

    Parameters
    ----------
    settings
        URI (``bolt://``, ``neo4j://``, ``bolt+s://``, ``neo4j+s://``...), user, password, database.

    Raises
    ------
    StoreError
        The server cannot be reached (within about :data:`CONNECTION_TIMEOUT` seconds) or refuses the
        credentials; the message names ``settings.safe_uri`` and never the password.
    """
    auth = (settings.username, settings.password) if settings.password is not None else None
    with store_errors(settings, "connecting"):
        driver = neo4j.GraphDatabase.driver(
            settings.uri,
            auth=auth,
            connection_timeout=CONNECTION_TIMEOUT,
            connection_acquisition_timeout=2 * CONNECTION_TIMEOUT,
            max_transaction_retry_time=15.0,
        )
        try:
            # An auto-commit query, not execute_query: managed transactions retry for up to
            # max_transaction_retry_time, and an absent server must fail fast.
            with driver.session(database=settings.database, default_access_mode=neo4j.READ_ACCESS) as s:
                s.run("RETURN 1").consume()
        except BaseException:
            driver.close()
            raise
    return driver
