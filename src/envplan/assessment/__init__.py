"""Targets against evidence: schedule state, 序时进度, attainment, warnings, rankings."""
