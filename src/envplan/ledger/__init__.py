"""The ledger (台账): SQL models, migrations and services."""
