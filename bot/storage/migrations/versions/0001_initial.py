"""The first schema: interactions, votes, chat settings, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "interactions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat", sa.String(32), nullable=False),
        sa.Column("message", sa.String(32), nullable=True),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("entry", sa.String(64), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("route", sa.String(400), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
    )
    op.create_index("ix_interactions_at", "interactions", ["at"])
    op.create_index("ix_interactions_message", "interactions", ["message"])
    op.create_index("ix_interactions_source_at", "interactions", ["source", "at"])

    op.create_table(
        "votes",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("message", sa.String(32), nullable=False),
        sa.Column("entry", sa.String(64), nullable=False),
        sa.Column("voter", sa.String(32), nullable=False),
        sa.Column("helped", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=True),
        sa.UniqueConstraint("message", "entry", "voter", name="uq_votes_answer_voter"),
    )
    op.create_index("ix_votes_at", "votes", ["at"])

    op.create_table(
        "chat_settings",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("chat", sa.String(32), primary_key=True),
        sa.Column("autoanswer", sa.Boolean(), nullable=False),
        sa.Column("linkguard", sa.Boolean(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
    )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("chat_settings")
    op.drop_table("votes")
    op.drop_table("interactions")
