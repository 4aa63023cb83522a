"""Community protection settings per chat (issue 14): impersonation check and action,
"DM me" hijack warning and deletion, join notice. NULL means the default.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = (
    ("impersonation", sa.Boolean()),
    ("impersonation_action", sa.String(16)),
    ("hijack", sa.Boolean()),
    ("hijack_delete", sa.Boolean()),
    ("joinnotice", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
