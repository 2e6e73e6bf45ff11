"""Expert registry, information reports, consultations and the duty log.

Written by hand (not from the models) so that this revision stays what it was when later
revisions change the models. The tables mirror the models of console/experts, reports, consultations and duty.

Revision ID: 0003_records
Revises: 0002_reserves
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_records"
down_revision = "0002_reserves"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experts",
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("specialties", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(100), nullable=False),
        sa.Column("title", sa.String(50), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("availability", sa.String(20), nullable=False),
        sa.Column("region", sa.String(50), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_experts"),
    )

    op.create_table(
        "reports",
        sa.Column("id", sa.String(120), nullable=False),
        sa.Column("report_no", sa.String(100), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("seq_no", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("supersedes", sa.String(120), nullable=True),
        sa.Column("deadline_id", sa.String(40), nullable=True),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_us", sa.BigInteger(), nullable=False),
        sa.Column("submitted_us", sa.BigInteger(), nullable=True),
        sa.Column("submitted_by", sa.String(100), nullable=True),
        sa.Column("event_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("report_no", "version", name="uq_reports_report_no_version"),
    )
    op.create_index("ix_reports_incident_id_kind", "reports", ["incident_id", "kind"])

    op.create_table(
        "consultations",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("question", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("specialties", sa.Text(), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("opened_us", sa.BigInteger(), nullable=False),
        sa.Column("opened_by", sa.String(100), nullable=False),
        sa.Column("chair", sa.String(20), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("concluded_us", sa.BigInteger(), nullable=True),
        sa.Column("concluded_by", sa.String(100), nullable=True),
        sa.Column("event_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consultations"),
    )
    op.create_index("ix_consultations_incident_id", "consultations", ["incident_id"])

    op.create_table(
        "consultation_invites",
        sa.Column("consultation_id", sa.String(100), nullable=False),
        sa.Column("expert_code", sa.String(20), nullable=False),
        sa.Column("invited_us", sa.BigInteger(), nullable=False),
        sa.Column("invited_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("consultation_id", "expert_code", name="pk_consultation_invites"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name="fk_consultation_invites_consultation_id_consultations"),
    )

    op.create_table(
        "consultation_opinions",
        sa.Column("consultation_id", sa.String(100), nullable=False),
        sa.Column("expert_code", sa.String(20), nullable=False),
        sa.Column("recommend", sa.String(20), nullable=False),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=True),
        sa.Column("at_us", sa.BigInteger(), nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("consultation_id", "expert_code", name="pk_consultation_opinions"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name="fk_consultation_opinions_consultation_id_consultations"),
    )

    op.create_table(
        "duty_log",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("incident_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at_us", sa.BigInteger(), nullable=False),
        sa.Column("recorded_us", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("shift", sa.String(50), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("from_person", sa.String(50), nullable=True),
        sa.Column("to_person", sa.String(50), nullable=True),
        sa.Column("pending", sa.Text(), nullable=True),
        sa.Column("event_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_duty_log"),
    )
    op.create_index("ix_duty_log_at_us", "duty_log", ["at_us"])
    op.create_index("ix_duty_log_incident_id", "duty_log", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_duty_log_incident_id", table_name="duty_log")
    op.drop_index("ix_duty_log_at_us", table_name="duty_log")
    op.drop_table("duty_log")
    op.drop_table("consultation_opinions")
    op.drop_table("consultation_invites")
    op.drop_index("ix_consultations_incident_id", table_name="consultations")
    op.drop_table("consultations")
    op.drop_index("ix_reports_incident_id_kind", table_name="reports")
    op.drop_table("reports")
    op.drop_table("experts")
