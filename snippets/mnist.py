"""MNIST's IDX file format: a tiny big-endian header, then the raw array.

Header: two zero bytes, one byte for the element type, one byte for the number of dimensions, then each
dimension as a 4-byte big-endian unsigned integer. The data follow in C order (last index fastest), also
big-endian. The training images are therefore magic 0x00000803 (unsigned bytes, 3 dimensions), then
60000, 28, 28, then 47,040,000 pixel bytes.
"""

from __future__ import annotations

import gzip
import struct
import tempfile
from pathlib import Path

import numpy as np

# IDX type code -> big-endian NumPy dtype
TYPE_CODES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def idx_header(shape: tuple[int, ...], dtype: np.dtype | type) -> bytes:
    """The magic number (0, 0, type code, number of dimensions) followed by each size as a big-endian uint32."""
    wanted = np.dtype(dtype).newbyteorder(">")
    codes = [code for code, name in TYPE_CODES.items() if np.dtype(name) == wanted]
    if not codes:
        raise ValueError(f"IDX cannot store {dtype}")
    return bytes([0, 0, codes[0], len(shape)]) + struct.pack(f">{len(shape)}I", *shape)


def encode_idx(array: np.ndarray) -> bytes:
    """Header plus the array's elements in C order, big-endian."""
    big_endian = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder(">"))
    return idx_header(array.shape, array.dtype) + big_endian.tobytes()


def decode_idx(data: bytes) -> np.ndarray:
    """Parse an IDX byte string back into an array (in native byte order)."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in TYPE_CODES:
        raise ValueError("not an IDX file: bad magic number")
    n_dims = data[3]
    shape = struct.unpack_from(f">{n_dims}I", data, 4)
    dtype = np.dtype(TYPE_CODES[data[2]])
    offset = 4 + 4 * n_dims
    if len(data) != offset + int(np.prod(shape)) * dtype.itemsize:
        raise ValueError("IDX size does not match its header")
    return np.frombuffer(data, dtype=dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write an IDX file, gzip-compressed when the name ends in .gz (as MNIST is distributed)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as file:
        file.write(encode_idx(array))


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file, gunzipping it when the name ends in .gz."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as file:
        return decode_idx(file.read())


def idx_file_size(shape: tuple[int, ...], dtype: np.dtype | type) -> int:
    """Bytes in an uncompressed IDX file: header plus elements."""
    return len(idx_header(shape, dtype)) + int(np.prod(shape)) * np.dtype(dtype).itemsize


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=5, dtype=np.uint8)

    with tempfile.TemporaryDirectory() as folder:
        write_idx(Path(folder) / "images-idx3-ubyte.gz", images)
        write_idx(Path(folder) / "labels-idx1-ubyte", labels)
        assert np.array_equal(read_idx(Path(folder) / "images-idx3-ubyte.gz"), images)
        assert np.array_equal(read_idx(Path(folder) / "labels-idx1-ubyte"), labels)

    # Every IDX element type round-trips exactly, including negative integers and float64 bit patterns.
    for dtype in (np.int8, np.int16, np.int32, np.float32, np.float64):
        array = (rng.normal(size=(3, 4)) * 100).astype(dtype)
        decoded = decode_idx(encode_idx(array))
        assert decoded.dtype == np.dtype(dtype) and np.array_equal(decoded, array)

    # The published MNIST headers: images 0x00000803, 60000, 28, 28 (file of 47,040,016 bytes); labels 0x00000801.
    train_header = idx_header((60000, 28, 28), np.uint8)
    train_size = idx_file_size((60000, 28, 28), np.uint8)
    print(f"train-images header: {train_header.hex(' ', 4)}; file size {train_size:,} bytes")
    assert train_header == bytes.fromhex("00000803 0000ea60 0000001c 0000001c")
    assert train_size == 47_040_016
    assert idx_header((10000,), np.uint8) == bytes.fromhex("00000801 00002710")

    # Big-endian: the int16 value 258 = 0x0102 is stored as the bytes 01 02, most significant first.
    assert encode_idx(np.array([258], dtype=np.int16))[-2:] == b"\x01\x02"
    for corrupt in (b"\x01" + encode_idx(labels)[1:], encode_idx(labels)[:-1]):
        try:
            decode_idx(corrupt)
        except ValueError as error:
            print(f"rejected: {error}")
        else:
            raise AssertionError("a corrupt IDX file must be rejected")
    print("mnist: all checks passed")
