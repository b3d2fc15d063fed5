"""`python -m cyberdesk` is the same as the `cyberdesk` command."""

import sys

from cyberdesk.cli.main import main

sys.exit(main())
