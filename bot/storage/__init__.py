"""Persistence: one SQLite database (the source of truth) and one repository per aggregate.

All SQL of the project lives in this package. Services receive repositories; handlers never
see a connection.
"""
