"""Production's collectstatic hashes every static file and rewrites the references inside CSS and JS, source maps
included: a vendored file that points to a file we do not ship stops it, and with it the deployment."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command


def _production_static_storage() -> str:
    """The static files backend that chamber/settings.py chooses under DJANGO_ENV=production."""
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}
    env.pop("DEBUG", None)
    code = "import chamber.settings as s; print(s.STORAGES['staticfiles']['BACKEND'])"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_collectstatic_with_the_production_manifest_storage(settings, tmp_path):
    backend = _production_static_storage()
    assert "Manifest" in backend, backend
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": backend}}
    # Compression (gzip and brotli of every file) is whitenoise's own work and takes most of a minute; the
    # manifest, which checks the references, is ours. CI's .ci/deploy-smoke runs the whole of it.
    sources = [Path(path) for finder in finders.get_finders() for path, _storage in finder.list([])]
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = sorted({p.suffix.lstrip(".") for p in sources if p.suffix})
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    assert "vendor/chartjs/chart.umd.min.js" in manifest and "css/portal.css" in manifest
