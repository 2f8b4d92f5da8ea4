"""Pure intake core: read a parent's free text, name concerns with quoted evidence."""

from intake.engine import Concern, IntakeResult, NextStep, Span, analyse, read

__all__ = ["Concern", "IntakeResult", "NextStep", "Span", "analyse", "read"]
