"""The committed outputs on other CPUs: nbval over the notebooks again, as on machines unlike this one.

The last bits of ``exp``, ``tanh`` and of matrix products depend on the CPU: NumPy picks SIMD loops for what the
CPU offers (AVX-512, AVX2, or the x86-64-v2 baseline), and OpenBLAS picks kernels for it. A notebook that prints
such bits, or trains so long at so large a step that they grow into visible digits, passes here and fails on a
learner's laptop or a CI runner. This runs the notebooks as on a machine without AVX-512 (NumPy's X86_V4 loops off,
OpenBLAS's Haswell kernels) and on one without AVX2 either (baseline loops, Nehalem kernels); features the CPU
lacks anyway are left out; on a CPU that is not x86-64 it runs nothing. ``make portable``;
``python -m tools.portable notebooks/16_training.ipynb`` for some.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MACHINES = {  # name: (NumPy's SIMD groups to switch off, OpenBLAS's kernels)
    "no AVX-512": (["X86_V4", "AVX512_ICL", "AVX512_SPR"], "Haswell"),
    "no AVX2": (["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"], "Nehalem"),
}


def found_features() -> set[str]:
    """The SIMD groups NumPy dispatches to on this CPU."""
    from numpy._core._multiarray_umath import __cpu_features__

    return {name for name, present in __cpu_features__.items() if present}


def main(argv: list[str]) -> int:
    notebooks = argv or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    found, failed = found_features(), []
    if not any(g.startswith("X86") for g in found):
        print("==> not an x86-64 CPU: NumPy's and OpenBLAS's x86 variants cannot be switched here; nothing to run")
        return 0
    for name, (groups, kernels) in MACHINES.items():
        off = [g for g in groups if g in found]
        env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=" ".join(off), OPENBLAS_CORETYPE=kernels)
        print(f"==> as on a machine with {name}: NumPy without {' '.join(off) or 'nothing'}, OpenBLAS {kernels}",
              flush=True)
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                              "--nbval-current-env", "-n", "auto", "--dist", "loadfile", *notebooks], cwd=ROOT, env=env)
        if run.returncode:
            failed.append(name)
    if failed:
        print(f"outputs that differ on a machine with {' and '.join(failed)}: print bands or fewer digits there")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
