"""Emergency plans: format, loader, static checks, guards, grading and the engine."""

from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.loader import load_plan, load_plan_text
from console.plan.model import Plan

__all__ = ["Diagnostic", "Plan", "PlanError", "load_plan", "load_plan_text"]
