"""The course layer: what the notebooks and the terminal need beyond backprop itself.

The 8-neuron worked example and its errata, tables, network diagrams and
plots, widget panels and the terminal commands. It imports SymPy, matplotlib and ipywidgets freely;
the teaching core, ``bpkit``, does not.
"""

from . import (
               article,
               costcount,
               crossentropy,
               curves,
               depth,
               diagnose,
               digits,
               errata,
               examples,
               exercises,
               graphs,
               layers,
               matrices,
               paths,
               plotting,
               report,
               softmax,
               sums,
               training,
)
from .diagnose import diagnose_backprop
from .notebook import eq, kronecker_doit, md, primes, setup, show
from .panels import Panel, slider

__all__ = ["Panel", "article", "costcount", "crossentropy", "curves", "depth", "diagnose", "diagnose_backprop",
           "digits", "eq", "errata", "examples", "exercises", "graphs", "kronecker_doit", "layers", "matrices", "md",
           "paths", "plotting", "primes", "report", "setup", "show", "slider", "softmax", "sums", "training"]
