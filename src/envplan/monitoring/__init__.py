"""Monitoring data: file formats, validation and the observation store."""
