"""Approximate nearest-neighbour search over story vectors with HNSW (hnswlib).

Hierarchical navigable small-world graphs (Malkov & Yashunin, "Efficient and robust
approximate nearest neighbor search using Hierarchical Navigable Small World graphs", IEEE
TPAMI 2020) answer a query in time that grows with the logarithm of the index size. Stories
leave the index when they close, and new ones take their places in the graph, so the index
stays about as large as the set of open stories. One thread and a
fixed seed make the graph, and so the answers, the same on every run.
"""

from __future__ import annotations

import json
import struct

import hnswlib
import numpy as np
import numpy.typing as npt

__all__ = ["HnswIndex"]

_START = 1024


class HnswIndex:
    """Inner-product HNSW over unit vectors, keyed by integer labels, with update and removal.

    hnswlib can overwrite an element in place, but that repairs the graph around it at ten
    times the cost of an insertion; so an update here is a removal plus a fresh insertion under
    a new internal key. (hnswlib can also put an insertion in a removed element's place, but
    that costs as much as an overwrite.) Removed elements still slow searches down, so the graph
    is rebuilt from its live elements once removed ones reach half as many: each rebuild is
    paid for by the removals before it, a constant amount of work per operation.
    """

    def __init__(self, dim: int, *, m: int = 12, ef: int = 24, seed: int = 7) -> None:
        self.dim = dim
        self.m = m
        self.ef = ef
        self.seed = seed
        self._keys: dict[int, int] = {}  # label -> internal key
        self._labels: dict[int, int] = {}  # internal key -> label
        self._next_key = 0
        self._index = self._new(_START)

    @property
    def size(self) -> int:
        """Labels in the index."""
        return len(self._keys)

    def _new(self, capacity: int) -> hnswlib.Index:
        index = hnswlib.Index(space="ip", dim=self.dim)
        index.init_index(
            max_elements=capacity,
            ef_construction=self.ef,
            M=self.m,
            random_seed=self.seed,
        )
        index.set_ef(self.ef)
        index.set_num_threads(1)
        return index

    def add(self, label: int, vector: npt.NDArray[np.float32]) -> None:
        """Insert a new label."""
        if self._index.element_count >= self._index.max_elements:
            self._index.resize_index(2 * self._index.max_elements)
        key = self._next_key
        self._next_key += 1
        self._index.add_items(vector[None, :], [key])
        self._keys[label] = key
        self._labels[key] = label

    def update(self, label: int, vector: npt.NDArray[np.float32]) -> None:
        """Move an existing label to a new vector."""
        self.remove(label)
        self.add(label, vector)

    def remove(self, label: int) -> None:
        """Take a label out of the answers."""
        key = self._keys.pop(label)
        del self._labels[key]
        self._index.mark_deleted(key)
        removed = self._index.element_count - self.size
        if removed >= _START and 2 * removed >= self.size:
            self._rebuild()

    def query(self, vector: npt.NDArray[np.float32], k: int) -> list[int]:
        """Up to ``k`` labels nearest to ``vector``, nearest first."""
        k = min(k, self.size)
        if k <= 0:
            return []
        keys, _distances = self._index.knn_query(vector[None, :], k=k)
        return [self._labels[key] for key in keys[0].tolist()]

    def to_bytes(self) -> bytes:
        """Labels and vectors, for :meth:`from_bytes`, which rebuilds the graph from them.

        hnswlib's own file does not keep the random state that places new elements, so a
        graph loaded from it would grow differently from this one. Instead this index is
        rebuilt here, as :meth:`from_bytes` will rebuild it, so both go on identically.
        """
        self._rebuild()
        labels = [self._labels[key] for key in range(self._next_key)]
        vectors = np.asarray(self._index.get_items(list(range(self._next_key))), np.float32)
        header = json.dumps(
            {"dim": self.dim, "m": self.m, "ef": self.ef, "seed": self.seed, "labels": labels}
        ).encode()
        return struct.pack("<Q", len(header)) + header + vectors.astype("<f4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> HnswIndex:
        """An index saved by :meth:`to_bytes` that answers and grows as the saved one does."""
        (length,) = struct.unpack_from("<Q", data)
        header = json.loads(data[8 : 8 + length])
        index = cls(header["dim"], m=header["m"], ef=header["ef"], seed=header["seed"])
        labels: list[int] = header["labels"]
        vectors = np.frombuffer(data, dtype="<f4", offset=8 + length).reshape(-1, index.dim)
        index._fill(labels, vectors.astype(np.float32))
        return index

    def _rebuild(self) -> None:
        """A fresh graph of the live labels, in the order they were last written."""
        keys = sorted(self._labels)
        labels = [self._labels[key] for key in keys]
        vectors = np.asarray(self._index.get_items(keys), dtype=np.float32).reshape(-1, self.dim)
        self._fill(labels, vectors)

    def _fill(self, labels: list[int], vectors: npt.NDArray[np.float32]) -> None:
        capacity = _START
        while capacity < 2 * len(labels):
            capacity *= 2
        self._index = self._new(capacity)
        if labels:
            # One call: on one thread hnswlib inserts the rows in order, as one add per row
            # would, so the graph is the same (and the Python overhead per row is gone).
            self._index.add_items(vectors, np.arange(len(labels)))
        self._keys = {label: key for key, label in enumerate(labels)}
        self._labels = dict(enumerate(labels))
        self._next_key = len(labels)
