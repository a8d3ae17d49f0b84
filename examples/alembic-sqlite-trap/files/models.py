import enum

from sqlalchemy import (Boolean, CheckConstraint, Column, DateTime, Enum, ForeignKey, Index, Integer,
                        Numeric, String, Text, UniqueConstraint, func, text)
from database import Base


class Status(enum.Enum):
    active = "active"
    banned = "banned"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("email", name="uq_users_email"),
        Index("ix_users_name_email", "name", "email"),
        CheckConstraint("age >= 0", name="ck_users_age_positive"),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    email = Column(String(120))
    age = Column(Integer, nullable=True)
    is_active = Column(Boolean, nullable=False, server_default=text("1"))
    status = Column(Enum(Status), nullable=True)
    balance = Column(Numeric(10, 2), server_default="0")
    created_at = Column(DateTime, server_default=func.now())


class Post(Base):
    __tablename__ = "posts"

    id = Column(Integer, primary_key=True)
    title = Column(String(200), nullable=False)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


class Membership(Base):
    __tablename__ = "memberships"

    user_id = Column(Integer, ForeignKey("users.id"), primary_key=True)
    group_name = Column(String(50), primary_key=True)
    joined_at = Column(DateTime, nullable=False)
