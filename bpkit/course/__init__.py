"""The course layer: what the notebooks and the terminal need beyond backprop itself.

The 8-neuron worked example and its errata, the notation crosswalk, tables, network diagrams and
plots, widget panels and the terminal commands. It imports SymPy, matplotlib and ipywidgets freely;
the teaching core, ``bpkit``, does not.
"""

from . import errata, examples, notation, plotting, report

__all__ = ["errata", "examples", "notation", "plotting", "report"]
