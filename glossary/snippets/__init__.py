"""Snippet files: locating them safely, importing, running with limits, worked examples, function sources."""
