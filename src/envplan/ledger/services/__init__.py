"""Ledger services: every read and write the web pages, the CLI and the dispatch layer use.

Every write takes the acting :class:`~envplan.ledger.models.User` and raises
:class:`~envplan.ledger.errors.PermissionDenied` when the actor's role or unit may not do it;
every write adds an audit row in the same transaction. Services flush but never commit: the
caller owns the transaction (``with write_session(engine) as session: ...``).
"""
