"""envplan: pollution-prevention action plans, from the notice to the ledger, the evidence and the reports."""

__version__ = "0.1.0"
