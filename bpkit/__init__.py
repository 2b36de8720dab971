"""bpkit: the small NumPy package behind the bpkit course on backpropagation.

Names follow Nielsen's notation: w^l has shape (n_l, n_{l-1}), z^l = w^l a^{l-1} + b^l,
a^l = sigma(z^l), delta^l = dC/dz^l, and the backward pass is BP1, BP2, BP3, BP4.
``import bpkit`` loads NumPy only; ``bpkit.symbolic`` (the network in SymPy) and ``bpkit.course``
(the notebooks' support) load on demand.
"""

from ._checks import checked_bp
from .activations import (
                          ACTIVATIONS,
                          Activation,
                          relu,
                          relu_prime,
                          sigmoid,
                          sigmoid_prime,
                          softmax,
                          softmax_jacobian,
                          softmax_vjp,
                          tanh,
                          tanh_prime,
)
from .gradcheck import network_numerical_gradients, numerical_gradient, relative_error
from .losses import COSTS, CrossEntropy, Quadratic
from .network import Gradients, Network, Trace
from .optim import Momentum

bp1, bp2, bp3, bp4 = checked_bp()  # network.py's BP1-BP4, their input checked

__all__ = ["ACTIVATIONS", "Activation", "COSTS", "CrossEntropy", "Gradients", "Momentum",
           "Network", "Quadratic", "Trace", "bp1", "bp2", "bp3", "bp4",
           "network_numerical_gradients", "numerical_gradient", "relative_error", "relu",
           "relu_prime", "sigmoid", "sigmoid_prime", "softmax", "softmax_jacobian", "softmax_vjp",
           "tanh", "tanh_prime"]
