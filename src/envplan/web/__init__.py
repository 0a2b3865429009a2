"""The web application (FastAPI, server-rendered Chinese pages, JSON twins)."""
