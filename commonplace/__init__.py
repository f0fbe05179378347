"""Commonplace: a self-hostable platform where people at work learn together."""

__version__ = "0.1.0"
