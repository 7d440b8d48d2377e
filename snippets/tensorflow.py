"""TensorFlow's execution model: build a dataflow graph first, then run only what a fetch depends on.

Ops name their inputs; `run` walks back from the requested outputs (stopping at fed values), orders the
needed ops so each runs after its inputs (Kahn's algorithm), and executes them. Ops in the same "wave"
have no dependencies on each other, which is what lets a runtime execute them in parallel or on different
devices; ops the fetches do not need are never executed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Op:
    """A graph node: the names of its inputs and the function of their values (None for a placeholder)."""

    inputs: tuple[str, ...] = ()
    compute: Callable[..., np.ndarray] | None = None


Graph = dict[str, Op]


def execution_waves(graph: Graph, fetches: list[str], feeds: dict[str, np.ndarray]) -> list[list[str]]:
    """The ops the fetches need, grouped into waves; every op's inputs lie in earlier waves or in `feeds`."""
    needed: set[str] = set()
    stack = list(fetches)
    while stack:
        name = stack.pop()
        if name not in needed and name not in feeds:
            needed.add(name)
            stack.extend(graph[name].inputs)
    waiting = {name: sum(1 for i in graph[name].inputs if i in needed) for name in needed}
    consumers: dict[str, list[str]] = {name: [] for name in needed}
    for name in needed:
        for i in graph[name].inputs:
            if i in needed:
                consumers[i].append(name)
    waves, ready = [], sorted(name for name, count in waiting.items() if count == 0)
    while ready:
        waves.append(ready)
        next_ready = []
        for name in ready:
            for consumer in consumers[name]:
                waiting[consumer] -= 1
                if waiting[consumer] == 0:
                    next_ready.append(consumer)
        ready = sorted(next_ready)
    if sum(len(wave) for wave in waves) < len(needed):
        raise ValueError("the graph has a cycle")
    return waves


def run(graph: Graph, fetches: list[str], feeds: dict[str, np.ndarray]) -> tuple[list[np.ndarray], list[str]]:
    """Evaluate `fetches` given `feeds`; returns their values and the names of the ops executed, in order."""
    values = dict(feeds)
    executed = []
    for wave in execution_waves(graph, fetches, feeds):
        for name in wave:  # independent ops: any order, or concurrently
            op = graph[name]
            if op.compute is None:
                raise ValueError(f"placeholder {name!r} must be fed")
            values[name] = op.compute(*(values[i] for i in op.inputs))
            executed.append(name)
    return [values[name] for name in fetches], executed


def example_graph() -> Graph:
    """x is fed; a = x + 1; b = 2a; c = 3a; d = b + c; e = a^2 is a branch d does not use."""
    return {
        "x": Op(),
        "a": Op(("x",), lambda x: x + 1.0),
        "b": Op(("a",), lambda a: 2.0 * a),
        "c": Op(("a",), lambda a: 3.0 * a),
        "d": Op(("b", "c"), lambda b, c: b + c),
        "e": Op(("a",), lambda a: a**2),
    }


if __name__ == "__main__":
    graph = example_graph()
    x = np.arange(3.0)
    (d,), executed = run(graph, ["d"], {"x": x})
    waves = execution_waves(graph, ["d"], {"x": x})
    print(f"fetch d with x = {x}: d = {d}; executed {executed}; waves {waves}")

    # The result equals the same computation written eagerly.
    assert np.allclose(d, 2.0 * (x + 1.0) + 3.0 * (x + 1.0))
    # Dependency order: every op ran after each of its inputs.
    position = {name: i for i, name in enumerate(executed)}
    for name in executed:
        assert all(position[i] < position[name] for i in graph[name].inputs if i in position)
    # Ops in one wave never feed each other, so they could run concurrently.
    wave_of = {name: k for k, wave in enumerate(waves) for name in wave}
    assert all(wave_of[i] < wave_of[name] for name in wave_of for i in graph[name].inputs if i in wave_of)
    assert waves == [["a"], ["b", "c"], ["d"]]
    # The unused branch never ran.
    assert "e" not in executed

    # Feeding an intermediate value cuts the graph there: x is not needed and a is not computed.
    (d_fed,), executed_fed = run(graph, ["d"], {"a": np.array([10.0])})
    assert executed_fed == ["b", "c", "d"] and d_fed[0] == 50.0

    # Asking for a value without feeding the placeholder it depends on fails; so does a cycle.
    for bad_graph, feeds in ((graph, {}), ({**graph, "a": Op(("d",), lambda d: d)}, {"x": x})):
        try:
            run(bad_graph, ["d"], feeds)
        except ValueError as error:
            print(f"rejected: {error}")
        else:
            raise AssertionError("an unfed placeholder or a cycle must be rejected")
    print("tensorflow: all checks passed")
