"""Matching: volunteers with learners and with children who need Japanese-language support.

`matching.engine` is the pure scoring and assignment core (no Django); the Django side
(models, workflow, views, admin) adapts the database to it.
"""
