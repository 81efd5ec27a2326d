"""The README's deployment steps are the ones CI runs: every command of the README's block starts a line of
.ci/deploy-smoke, in the same order, and the script sets every variable the README exports."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_block() -> list[str]:
    section = (ROOT / "README.md").read_text().split("\n## Deployment\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return block.replace("\\\n", " ").splitlines()


def test_every_readme_command_runs_in_ci_in_the_same_order():
    commands = [line.strip() for line in _readme_block() if not line.startswith("export ")]
    script = [line.strip() for line in (ROOT / ".ci" / "deploy-smoke").read_text().splitlines()]
    positions = []
    for command in commands:
        found = [index for index, line in enumerate(script) if line.startswith(command)]
        assert found, f"the README's step is not in .ci/deploy-smoke: {command}"
        positions.append(found[0])
    assert len(commands) >= 6 and positions == sorted(positions)


def test_the_script_sets_every_variable_the_readme_exports():
    exported = set(
        re.findall(r"\b([A-Z_]+)=", next(line for line in _readme_block() if line.startswith("export ")))
    )
    script = (ROOT / ".ci" / "deploy-smoke").read_text()
    export = script[script.index("export DJANGO_ENV=") :].split("\n\n", 1)[0]
    assert exported <= set(re.findall(r"\b([A-Z_]+)=", export)), exported
