"""National standards and rules as pure, vectorised functions: one module per standard and edition.

May import numpy and polars only (see docs/architecture.md).
"""
