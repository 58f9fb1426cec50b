"""Pure-Python rules of the domain. Nothing in this package imports Django."""
