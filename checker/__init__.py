"""The course checker: grades a Django project against the lessons' expected behaviour."""

__version__ = "1.0.0"
