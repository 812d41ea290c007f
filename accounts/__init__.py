"""Accounts own who may sign in and what they may see: users, argon2 password hashing, sessions, throttling, roles,
scope resolution from a user's role and memberships, and personal-data operations.

It must not import streamlit or views; it builds on storage's tables and scoped repositories.
"""
