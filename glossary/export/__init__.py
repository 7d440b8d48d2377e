"""Take the glossary into other tools: Anki packages, Anki and Quizlet text files, a Markdown cheat sheet and JSON.

Each format has its own module; `selection` chooses the terms and the language, `markup` renders entry text as
card HTML, and `notes` names what Anki keys on (decks, GUIDs, tags). Nothing here prints or asks: the command
line (`glossary.cli.export_commands`) wires these to files.
"""

TITLE = "Deep-Learning Glossary"
