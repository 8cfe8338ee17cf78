"""Reporters: the terminal, a versioned JSON results file, and JUnit XML."""
