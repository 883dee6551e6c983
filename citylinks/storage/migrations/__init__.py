"""The database's migrations (Alembic): env.py runs them on the connection that
citylinks/storage/revisions.py gives it; versions/ holds one script per change of the tables,
each naming the one before it. A new change: a new script in versions/ (vNNNN_what.py, from
script.py.mako) with the next `revision` and the latest as `down_revision`, and the same
change in citylinks/storage/schema.py (tests/unit/storage checks that both agree).
"""
