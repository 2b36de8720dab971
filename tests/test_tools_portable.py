"""tools/portable.py: the machines it simulates switch off only what this CPU has, and name real NumPy groups."""

from tools import portable


def test_each_simulated_machine_switches_off_known_simd_groups_and_sets_openblas_kernels():
    known = {"X86_V2", "X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"}
    for groups, kernels in portable.MACHINES.values():
        assert set(groups) <= known and kernels in ("Haswell", "Nehalem")
    assert isinstance(portable.found_features(), set)
