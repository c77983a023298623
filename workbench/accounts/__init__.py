"""Accounts: users, roles, signing in, and the locked door in front of every page."""
