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

_START = 1024  # capacity of a new graph, at least
_STALE_SHARE = 0.5  # a fresh graph is started once outdated elements are this many per live one
_MIN_STALE = 1024  # outdated elements a graph may hold however few live ones it has
_COPY_STEP = 32  # live labels copied into the next graph per write, while one is built


class _Graph:
    """One hnswlib graph holding every vector written to it, and which one is each label's.

    A label's earlier vectors and removed labels stay in the graph, marked deleted: searches
    pass through them but never answer with them.
    """

    def __init__(self, dim: int, m: int, ef: int, seed: int, capacity: int) -> None:
        self.dim = dim
        self.index = hnswlib.Index(space="ip", dim=dim)
        self.index.init_index(max_elements=capacity, ef_construction=ef, M=m, random_seed=seed)
        self.index.set_ef(ef)
        self.index.set_num_threads(1)
        self.keys: dict[int, int] = {}  # label -> key of its current vector
        self.owners: list[int] = []  # key -> label, outdated keys included

    @property
    def stale(self) -> int:
        """Elements that no longer answer: earlier vectors of labels, removed labels."""
        return len(self.owners) - len(self.keys)

    def drop(self, label: int) -> None:
        """Stop answering with a label (if it is here)."""
        key = self.keys.pop(label, None)
        if key is not None:
            self.index.mark_deleted(key)

    def add(self, labels: list[int], vectors: npt.NDArray[np.float32]) -> None:
        """Write vectors for labels, new or not (one call; on one thread hnswlib inserts the
        rows in order, as one call per row would, so the graph is the same)."""
        needed = len(self.owners) + len(labels)
        if needed > self.index.max_elements:
            self.index.resize_index(max(needed, 2 * self.index.max_elements))
        first = len(self.owners)
        for label in labels:
            self.drop(label)
        self.index.add_items(vectors, np.arange(first, first + len(labels)))
        for key, label in enumerate(labels, start=first):
            self.keys[label] = key
            self.owners.append(label)

    def vectors(self, labels: list[int]) -> npt.NDArray[np.float32]:
        """The current vectors of labels, one row each."""
        if not labels:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self.index.get_items([self.keys[label] for label in labels])
        return np.asarray(rows, dtype=np.float32).reshape(len(labels), -1)

    def query(self, vector: npt.NDArray[np.float32], k: int) -> list[int]:
        """Up to ``k`` current labels nearest to ``vector``, nearest first."""
        k = min(k, len(self.keys))
        if k <= 0:
            return []
        found, _distances = self.index.knn_query(vector[None, :], k=k)
        return [self.owners[key] for key in found[0].tolist()]


class HnswIndex:
    """Inner-product HNSW over unit vectors, keyed by integer labels, with update and removal.

    hnswlib can overwrite an element in place, but that repairs the graph around it at ten
    times the cost of an insertion; so an update here is a fresh insertion, and the earlier
    element stays behind, marked deleted. (hnswlib can also put an insertion in a removed
    element's place, but that costs as much as an overwrite.) Marked elements slow searches
    down, so once they are half as many as the live ones a fresh graph of the live labels is
    built beside the old one, 32 labels with each write that follows, while the old graph
    answers. The rebuild costs a constant amount of work per write, spread over many writes:
    built in one go, it stalled one write for half a second at 13,000 stories.

    The newest labels are copied first. The oldest are the stories about to close: left to
    the end, many close before their turn and are never copied, where copied first they
    would be marked again in the fresh graph and bring its own rebuild nearer. In
    benchmarks/scale.py (articles 90,001-100,000, CPU time per article, two runs each on a
    busy machine) newest first at 32 labels a write took 213-248 us, against 317-356 us
    oldest first at 8; newest first at 8 took 265-313 us and at 16 240-251 us. (Earlier,
    oldest first, 8 had beaten 4 and 2, and a fresh graph at a quarter was slower.)
    """

    def __init__(self, dim: int, *, m: int = 12, ef: int = 24, seed: int = 7) -> None:
        self.dim = dim
        self.m = m
        self.ef = ef
        self.seed = seed
        self._graph = self._new(0)
        self._next: _Graph | None = None  # being built from the live labels of _graph
        self._to_copy: list[int] = []  # labels still to copy into _next, newest at the end

    @property
    def size(self) -> int:
        """Labels in the index."""
        return len(self._graph.keys)

    @property
    def stored(self) -> int:
        """Elements in the answering graph, outdated ones included."""
        return len(self._graph.owners)

    def add(self, label: int, vector: npt.NDArray[np.float32]) -> None:
        """Insert a new label."""
        self._write(label, vector)

    def update(self, label: int, vector: npt.NDArray[np.float32]) -> None:
        """Move an existing label to a new vector."""
        if label not in self._graph.keys:
            raise KeyError(label)
        self._write(label, vector)

    def remove(self, label: int) -> None:
        """Take a label out of the answers."""
        if label not in self._graph.keys:
            raise KeyError(label)
        self._graph.drop(label)
        if self._next is not None:
            self._next.drop(label)
        self._maintain()

    def query(self, vector: npt.NDArray[np.float32], k: int) -> list[int]:
        """Up to ``k`` labels nearest to ``vector``, nearest first."""
        return self._graph.query(vector, k)

    def to_bytes(self) -> bytes:
        """Labels and vectors, for :meth:`from_bytes`, which rebuilds the graph from them.

        hnswlib's own file does not keep the random state that places new elements, so a
        graph loaded from it would grow differently from this one. Instead this index is
        rebuilt here, as :meth:`from_bytes` will rebuild it, so both go on identically.
        """
        self._rebuild()
        labels = list(self._graph.owners)
        vectors = self._graph.vectors(labels)
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
        index._graph = index._filled(labels, vectors.astype(np.float32))
        return index

    def _write(self, label: int, vector: npt.NDArray[np.float32]) -> None:
        row = vector[None, :]
        self._graph.add([label], row)
        if self._next is not None:  # the graph being built gets it now; copying skips it
            self._next.add([label], row)
        self._maintain()

    def _maintain(self) -> None:
        """Start a fresh graph when outdated elements are many; copy a few labels into it."""
        graph = self._graph
        if self._next is None:
            if graph.stale < max(_STALE_SHARE * len(graph.keys), _MIN_STALE):
                return
            self._next = self._new(len(graph.keys))
            self._to_copy = sorted(graph.keys, key=graph.keys.__getitem__)  # newest last
        following = self._next
        step: list[int] = []
        while self._to_copy and len(step) < _COPY_STEP:
            label = self._to_copy.pop()
            if label in graph.keys and label not in following.keys:
                step.append(label)
        if step:
            following.add(step, graph.vectors(step))
        if not self._to_copy:
            self._graph, self._next = following, None

    def _rebuild(self) -> None:
        """A fresh graph of the live labels, in the order they were last written."""
        graph = self._graph
        labels = sorted(graph.keys, key=graph.keys.__getitem__)
        self._graph = self._filled(labels, graph.vectors(labels))
        self._next, self._to_copy = None, []

    def _filled(self, labels: list[int], vectors: npt.NDArray[np.float32]) -> _Graph:
        graph = self._new(len(labels))
        if labels:
            graph.add(labels, vectors)
        return graph

    def _new(self, live: int) -> _Graph:
        capacity = _START
        while capacity < 2 * live:
            capacity *= 2
        return _Graph(self.dim, self.m, self.ef, self.seed, capacity)
