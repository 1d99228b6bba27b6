"""Helpdesk connectors: one protocol (protocol.py), one HTTP road with typed errors (http.py), Zendesk, Freshdesk
and Chatwoot, file imports and pasted transcripts for everyone else, and the incremental sync into the store.

Connectors only fetch and write; assist/workspace/ wires sync to analysis, pre-generation and write-back."""
