"""`python -m glossary` is the `glossary` command."""

import sys

from glossary.cli import main

sys.exit(main())
