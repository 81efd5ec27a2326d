"""Settings for the portal benchmark: the project's own, plus two bare views to compare against."""

from chamber.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.bench_urls"
DEBUG = False
