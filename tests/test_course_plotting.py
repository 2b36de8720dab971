"""bpkit.course.plotting: the network diagram puts every neuron in its layer's column and keeps labels apart."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpkit.course import plotting
from bpkit.course.examples import worked_example

EX = worked_example()


def test_one_column_per_layer_each_centred_on_zero():
    pos = plotting.node_positions(EX)
    for x, layer in enumerate(EX.layers):
        assert {pos[n][0] for n in layer} == {3.0 * x}
        assert sum(pos[n][1] for n in layer) == 0.0
    assert pos[3][1] > pos[4][1] > pos[5][1]  # the first neuron of a layer on top


def test_edge_labels_are_the_weights_and_do_not_overlap_or_cover_a_neuron():
    ax = plotting.draw_network(EX)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = ax.texts[:len(EX.weights)]
    assert [t.get_text() for t in texts] == [f"{v:g}" for v in EX.weights.values()]
    boxes = [plotting._box(t, renderer) for t in texts]
    for i, a in enumerate(boxes):
        assert not any(plotting._boxes_overlap(a, b) for b in boxes[i + 1:])
    discs = [(ax.transData.transform(c.center), abs(ax.transData.transform(c.center + np.array([c.radius, 0]))[0]
                                                   - ax.transData.transform(c.center)[0]))
             for c in ax.patches]
    assert len(discs) == sum(len(layer) for layer in EX.layers)
    assert not any(plotting._box_hits_disc(b, c, r) for b in boxes for c, r in discs)
    plt.close(fig)


def test_the_geometry_helpers():
    assert plotting._along((np.array([0.0, 0.0]), np.array([2.0, 4.0])), 0.25) == (0.5, 1.0)
    assert plotting._boxes_overlap((0, 0, 2, 2), (1, 1, 3, 3))
    assert not plotting._boxes_overlap((0, 0, 1, 1), (2, 2, 3, 3))
    assert plotting._box_hits_disc((0, 0, 1, 1), np.array([1.5, 0.5]), 0.6)
    assert not plotting._box_hits_disc((0, 0, 1, 1), np.array([3.0, 3.0]), 1.0)
    assert plotting._box_hits_segment((0, 0, 1, 1), np.array([-1.0, 0.5]), np.array([2.0, 0.5]))
    assert not plotting._box_hits_segment((0, 0, 1, 1), np.array([-1.0, 2.0]), np.array([2.0, 2.0]))


def test_each_concept_has_its_own_colour_and_marker():
    colours = [plotting.style(c)["color"] for c in plotting.CONCEPTS]
    markers = [plotting.style(c)["marker"] for c in plotting.CONCEPTS]
    assert len(set(colours)) == len(colours) and len(set(markers)) == len(markers)
    with pytest.raises(ValueError, match="unknown concept 'bp'"):
        plotting.style("bp")
