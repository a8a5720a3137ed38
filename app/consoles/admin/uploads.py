"""An uploaded registry file kept on the server between its dry run and the admin's confirmation.

The confirmation imports the very bytes that were checked (never a second upload the browser
might send), only for the admin who uploaded them, within UPLOAD_LIFETIME, and only once: taking
the row is a conditional DELETE whose row count is checked, so two clicks on 「确认导入」 (or two
workers) cannot import it twice.
"""
import hashlib
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, JSON, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from app.common.errors import DomainError, NotFound
from app.common.timeutil import UTCDateTime, utcnow
from app.extensions import db

UPLOAD_LIFETIME = timedelta(hours=2)


class RegistryUpload(db.Model):
    __tablename__ = "registry_upload"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                             index=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # The dry run's outcome: {"created", "updated", "errors": [[line, column, reason], …],
    # "error_count"}; rewritten when a confirmation finds the registry has changed meanwhile.
    report: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def report_of(import_report, limit: int) -> dict:
    return {"created": import_report.created, "updated": import_report.updated,
            "error_count": len(import_report.errors),
            "errors": [[e.line, e.column, e.reason] for e in import_report.errors[:limit]]}


def keep(uploader_id: int, filename: str, data: bytes, report: dict) -> RegistryUpload:
    """Store a checked file; the uploader's earlier files and everyone's expired ones go."""
    db.session.execute(delete(RegistryUpload).where(
        (RegistryUpload.uploader_id == uploader_id)
        | (RegistryUpload.created_at < utcnow() - UPLOAD_LIFETIME)))
    upload = RegistryUpload(uploader_id=uploader_id, filename=filename[:200],
                            sha256=hashlib.sha256(data).hexdigest(), data=data, report=report)
    db.session.add(upload)
    db.session.flush()
    return upload


def own(upload_id: int, uploader_id: int) -> RegistryUpload:
    """The admin's own, unexpired upload; anyone else's is a 404."""
    upload = db.session.scalar(select(RegistryUpload).where(
        RegistryUpload.id == upload_id, RegistryUpload.uploader_id == uploader_id,
        RegistryUpload.created_at >= utcnow() - UPLOAD_LIFETIME))
    if upload is None:
        raise NotFound("upload_not_found", "上传的文件不存在或已过期，请重新上传")
    return upload


def take(upload_id: int, uploader_id: int) -> bytes:
    """The stored bytes, removed in this transaction (a rollback puts them back)."""
    upload = own(upload_id, uploader_id)
    data, digest = upload.data, upload.sha256
    taken = db.session.execute(delete(RegistryUpload).where(
        RegistryUpload.id == upload_id, RegistryUpload.sha256 == digest)).rowcount
    if taken != 1:
        raise DomainError("upload_taken", "该文件已经导入，请勿重复提交", status=409)
    db.session.expunge(upload)
    return data
