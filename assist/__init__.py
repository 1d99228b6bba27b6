"""Assist: the core of the agent-assist companion. Pure Python; never imports Qt."""

__version__ = "0.1.0"
