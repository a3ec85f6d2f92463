"""`python -m engine` is the `airlock` command."""

import sys

from engine.cli import main

sys.exit(main())
