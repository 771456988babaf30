"""The extractor's word lists: one module per fact, one list per fact, each defined once.

This package is the bottom of `services.extract`: it imports nothing from the other extract
modules (and nothing heavy), so every rule module can import it without a cycle. Lists are
lower-case unless their name or comment says otherwise; a rule module that needs a variant of
a fact gets its own named list here, next to the fact it varies, with a comment saying why.
"""
