"""Expertise pages: finding who can help or knows (`finding`), and asking
them (`asking`)."""
