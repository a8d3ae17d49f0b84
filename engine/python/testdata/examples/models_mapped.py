"""Models in SQLAlchemy 2.0's typed declarative style."""
from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Status(enum.Enum):
    active = "active"
    banned = "banned"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("email", name="uq_users_email"),
        Index("ix_users_name_email", "name", "email"),
        CheckConstraint("age >= 0", name="ck_users_age_positive"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[Optional[str]] = mapped_column(String(120), unique=True)
    bio: Mapped[str | None]
    age: Mapped[int | None] = mapped_column(default=None)
    balance: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0")
    status: Mapped[Status] = mapped_column(default=Status.active)
    is_active: Mapped[bool] = mapped_column(server_default=text("1"))
    created_at: Mapped[datetime.datetime] = mapped_column(server_default=func.now())

    posts: Mapped[List["Post"]] = relationship(back_populates="author")

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, name={self.name!r})"


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author: Mapped["User"] = relationship(back_populates="posts")
