"""Settings for worker processes started by the scale test and the queue benchmark: the project's, plus their task."""

from chamber.settings import *  # noqa: F403
from chamber.settings import PROCRASTINATE_IMPORT_PATHS

PROCRASTINATE_IMPORT_PATHS = [*PROCRASTINATE_IMPORT_PATHS, "tests.scale_jobs"]
