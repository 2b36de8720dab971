"""The course layer: what the notebooks and the terminal need beyond backprop itself.

The 8-neuron worked example and its errata, the notation crosswalk, tables, network diagrams and
plots, widget panels and the terminal commands. It imports SymPy, matplotlib and ipywidgets freely;
the teaching core, ``bpkit``, does not.
"""

from . import article, curves, errata, examples, exercises, layers, notation, plotting, report, softmax
from .notebook import eq, kronecker_doit, md, primes, setup, show
from .panels import Panel, slider

__all__ = ["Panel", "article", "curves", "eq", "errata", "examples", "exercises", "kronecker_doit", "layers", "md",
           "notation", "plotting", "primes", "report", "setup", "show", "slider", "softmax"]
