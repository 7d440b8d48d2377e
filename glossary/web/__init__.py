"""The glossary on the web: a static site built from the content (`glossary export site`), and serving the app."""
