"""Attachments (附件) in the window: the box shared by the reports panel and the incident detail."""

from ui.attachments.widget import AttachmentsBox, AttachmentsDialog

__all__ = ["AttachmentsBox", "AttachmentsDialog"]
