"""Deterministic simulator of the demo household (story.txt), with its true parameters."""

from .model import DEFAULT_NOW, Simulation, dad_schedule, simulate
from .params import TrueParameters

__all__ = ["DEFAULT_NOW", "Simulation", "TrueParameters", "dad_schedule", "simulate"]
