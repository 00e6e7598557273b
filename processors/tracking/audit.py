"""The audit log: who did what, when, with which parameters, and how it ended."""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from processors.tracking.access import Principal
from processors.tracking.schema import AuditEntry


def record(
    make_session: sessionmaker[Session],
    principal: Principal,
    action: str,
    target: str | None,
    parameters: dict[str, Any],
    outcome: str,
) -> None:
    """Write one entry in its own transaction, whatever became of the action."""
    entry = AuditEntry(
        at=datetime.now(UTC),
        actor=principal.user,
        role=principal.role,
        action=action,
        target=target,
        parameters=json.dumps(parameters, ensure_ascii=False, default=str),
        outcome=outcome,
    )
    with make_session.begin() as session:
        session.add(entry)


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(session.scalars(query))
