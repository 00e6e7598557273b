"""Settings an admin changes on the dashboard, kept in the job store; they win
over the environment."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from processors.tracking.exceptions import InvalidSetting
from processors.tracking.schema import SettingRow

RETENTION_DAYS = "retention_days"
RETENTION_DAYS_RANGE = (1, 3650)


def retention_days(session: Session, default_days: int) -> int:
    row = session.get(SettingRow, RETENTION_DAYS)
    return int(row.value) if row is not None else default_days


def set_retention_days(session: Session, days: int, changed_by: str) -> None:
    low, high = RETENTION_DAYS_RANGE
    if not low <= days <= high:
        raise InvalidSetting(
            f"retention of {days} days is out of range; allowed: {low} to {high}"
        )
    row = session.get(SettingRow, RETENTION_DAYS)
    now = datetime.now(UTC)
    if row is None:
        session.add(
            SettingRow(
                name=RETENTION_DAYS,
                value=str(days),
                changed_by=changed_by,
                changed_at=now,
            )
        )
        return
    row.value, row.changed_by, row.changed_at = str(days), changed_by, now


def setting_rows(session: Session) -> list[SettingRow]:
    return list(session.query(SettingRow).order_by(SettingRow.name))
