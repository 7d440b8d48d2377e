"""An RNN encoder-decoder: the encoder squeezes a sequence into a context vector, the decoder unrolls it.

Encoder: h_t = tanh(W_x x_t + W_h h_{t-1} + b), context c = h_T. Decoder: s_t = tanh(W_s s_{t-1} + W_c c +
W_f y_{t-1} + b_s), y_t = W_y s_t, with y_0 = 0. The decoder never sees the input itself, only c.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_jacobian
from _rnn import tanh_rnn

Encoder = tuple[np.ndarray, np.ndarray, np.ndarray]  # (W_x, W_h, b)
Decoder = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (W_s, W_c, W_f, b_s, W_y)


def encode(xs: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The context vector: the encoder's last hidden state after reading xs (T, D), from a zero state."""
    return tanh_rnn(xs, np.zeros(W_h.shape[0]), W_x, W_h, b)[-1]


def decode(
    context: np.ndarray,
    steps: int,
    W_s: np.ndarray,
    W_c: np.ndarray,
    W_f: np.ndarray,
    b_s: np.ndarray,
    W_y: np.ndarray,
) -> np.ndarray:
    """Unroll the decoder for `steps` outputs, feeding it the context and its own previous output at every step."""
    state, output, outputs = np.zeros(W_s.shape[0]), np.zeros(W_y.shape[0]), []
    for _ in range(steps):
        state = np.tanh(W_s @ state + W_c @ context + W_f @ output + b_s)
        output = W_y @ state
        outputs.append(output)
    return np.stack(outputs)


def encoder_decoder(xs: np.ndarray, steps: int, encoder: Encoder, decoder: Decoder) -> np.ndarray:
    """Map an input sequence of any length to `steps` outputs through the fixed-size context vector."""
    return decode(encode(xs, *encoder), steps, *decoder)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    D, C, S, O = 3, 2, 5, 4  # input size, context size, decoder state size, output size
    encoder = (rng.normal(size=(C, D)), rng.normal(size=(C, C)) / np.sqrt(C), 0.1 * rng.normal(size=C))
    decoder = (rng.normal(size=(S, S)) / np.sqrt(S), rng.normal(size=(S, C)), 0.3 * rng.normal(size=(S, O)),
               0.1 * rng.normal(size=S), rng.normal(size=(O, S)))
    xs = 0.5 * rng.normal(size=(6, D))
    outputs = encoder_decoder(xs, 4, encoder, decoder)
    print("context:", np.round(encode(xs, *encoder), 3), " first output:", np.round(outputs[0], 3))

    # The decoder is conditioned only through c: build a different, shorter input whose last step is solved for
    # so that the encoder lands on the same context. Every output is then identical.
    W_x, W_h, b = encoder
    target = encode(xs, *encoder)
    prefix = 0.5 * rng.normal(size=(3, D))
    state_before_last = tanh_rnn(prefix, np.zeros(C), W_x, W_h, b)[-1]
    last = np.linalg.pinv(W_x) @ (np.arctanh(target) - W_h @ state_before_last - b)
    other = np.vstack([prefix, last])
    assert not np.allclose(other[:3], xs[:3])
    assert np.allclose(encoder_decoder(other, 4, encoder, decoder), outputs)

    # Moving the context moves the outputs.
    assert not np.allclose(decode(target + 0.1, 4, *decoder), outputs)

    # The bottleneck in numbers: the Jacobian of all 16 outputs with respect to all 18 inputs (finite differences)
    # has rank equal to the context size, 2.
    jacobian = numerical_jacobian(lambda v: encoder_decoder(v, 4, encoder, decoder), xs)
    singular = np.linalg.svd(jacobian, compute_uv=False)
    print(f"Jacobian {jacobian.shape}: singular values", np.array2string(singular[:4], precision=1))
    assert singular[C - 1] > 1e-3 * singular[0] and singular[C] < 1e-7 * singular[0]
    print("encoder-decoder: all checks passed")
