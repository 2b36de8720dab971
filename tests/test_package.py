"""The project installs as a package: ``pip install .`` (not editable) into a fresh virtual environment ships
the core, the course layer, the exercises and the data file, and ``python -m bpkit worked-example`` runs there."""

import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pip_install_dot_ships_everything_and_the_command_runs(tmp_path: Path):
    src = tmp_path / "src"  # a copy, so that the build writes nothing into the checkout
    for name in ("bpkit", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # pip and setuptools come from the course environment, below
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                        text=True).strip())
    # The dependencies (NumPy, SymPy, ...) and the build backend come from the course's own environment, offline;
    # a plain path in a .pth file, so that environment's editable bpkit is not seen.
    (site / "course-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
                    str(src)], check=True, cwd=tmp_path, capture_output=True)
    installed = subprocess.run([python, "-c", "import bpkit, bpkit.course.examples as e; "
                                "print(bpkit.__file__); print(e.WORKED_EXAMPLE_FILE)"],
                               check=True, cwd=tmp_path, capture_output=True, text=True).stdout.split("\n")
    assert installed[0].startswith(str(site)), f"bpkit imported from {installed[0]}, not the fresh environment"
    assert installed[1].startswith(str(site)) and Path(installed[1]).is_file()
    run = subprocess.run([python, "-m", "bpkit", "worked-example"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "O8" in run.stdout and "delta8" in run.stdout
    files = {p.relative_to(site / "bpkit").as_posix() for p in (site / "bpkit").rglob("*")
             if p.suffix in (".py", ".json")}
    for want in ("network.py", "course/cli.py", "course/exercises/bp1.py", "data/worked_example_8_neuron.json"):
        assert want in files
    assert not any(f.startswith(("tools/", "course/site", "course/nbtools")) for f in files)
