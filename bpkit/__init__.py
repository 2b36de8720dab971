"""bpkit: the small NumPy package behind the bpkit course on backpropagation.

Names follow Nielsen's notation: w^l has shape (n_l, n_{l-1}), z^l = w^l a^{l-1} + b^l,
a^l = sigma(z^l), delta^l = dC/dz^l, and the backward pass is BP1, BP2, BP3, BP4.
"""

from . import errata, examples, notation, plotting, report, symbolic
from .activations import (
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
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    quadratic,
    quadratic_grad,
)
from .network import Gradients, Network, Trace, bp1, bp2, bp3, bp4
from .optim import History, Momentum, train

__all__ = [
    "Gradients", "History", "Momentum", "Network", "Trace",
    "binary_cross_entropy", "binary_cross_entropy_grad", "bp1", "bp2", "bp3", "bp4",
    "cross_entropy", "cross_entropy_grad", "errata", "examples", "notation", "plotting", "report",
    "network_numerical_gradients",
    "numerical_gradient", "quadratic", "quadratic_grad", "relative_error", "relu", "relu_prime",
    "sigmoid", "sigmoid_prime", "softmax", "softmax_jacobian", "softmax_vjp", "symbolic", "tanh",
    "tanh_prime", "train",
]
