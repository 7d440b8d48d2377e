"""Take the glossary into other tools: Anki packages, Anki and Quizlet text files, a Markdown cheat sheet and JSON.

Each format has its own module (`apkg`, `delimited`, `cheatsheet`, `json_data`). They share `selection`, which
chooses the terms and the language; `markup`, which renders entry text as card HTML (masking a term's names
with `glossary.quiz.masking`); `notes`, which names what Anki keys on (decks, GUIDs, tags); and `ledger`, which keeps Anki
modification times steady. Nothing here prints or asks: `glossary.cli.export_commands` wires it to files.
"""

TITLE = "Deep-Learning Glossary"
