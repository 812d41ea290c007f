"""Storage owns the database: SQLAlchemy models, Alembic migrations, scoped repositories and the demo generator.

It must not import streamlit or views; every read and write takes the caller's `Scope` and applies it in the query.
"""
