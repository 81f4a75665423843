"""Exact and near-duplicate (syndicated copy) detection with datasketch's MinHash LSH.

Each text becomes the set of its word shingles (``shingle_size`` consecutive normalised words).
Two texts' resemblance is the Jaccard index of those sets (Broder, "On the resemblance and
containment of documents", 1997); MinHash signatures estimate it, and locality-sensitive hashing
over bands of the signature finds the candidates without comparing every pair (Leskovec,
Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3). Both come from ``datasketch``
(:class:`~datasketch.MinHash`, :class:`~datasketch.MinHashLSH`); candidates are then verified on
the signature estimate, so a copy is reported only when its estimated Jaccard reaches the
threshold.

Shingles are hashed here, once, to 32-bit integers (CRC-32 of each word, mixed by position):
stable across processes, unlike ``hash``, and far cheaper than datasketch's default SHA-1 per
shingle. They reach :meth:`MinHash.update_batch` with ``int`` as the hash function. The
permutations come from a fixed seed, so state saved by one process answers the same in another.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH

from storylens.errors import StorylensError

__all__ = ["Copy", "CopyDetector", "CopyStateError", "normalised_words", "shingle_hashes"]

Signature = npt.NDArray[np.uint32]

SCHEME = "affine32"  # datasketch's 32-bit permutation scheme: uint32 signatures
#: Missing a copy costs more than verifying a stray candidate (LSH band/row weights).
FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT = 0.3, 0.7

_WORD = re.compile(r"\w+")
_MAGIC = b"SLCOPY2\n"
_WORD_CACHE_SIZE = 500_000
_WORD_CODES: dict[str, int] = {}
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


class CopyStateError(StorylensError):
    """Saved copy-detector state that cannot be read back."""


@dataclass(frozen=True, slots=True)
class Copy:
    """An article found to be a copy of an earlier one.

    ``similarity`` is the estimated Jaccard resemblance of the two texts' word shingles
    (1.0 for an exact copy of the normalised words).
    """

    original: str
    similarity: float
    exact: bool = False


def normalised_words(text: str) -> list[str]:
    """Words of ``text`` after Unicode compatibility folding and case folding."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _WORD.findall(text.casefold())


def _word_codes(words: list[str]) -> npt.NDArray[np.uint64]:
    """CRC-32 of each word (stable across processes, unlike ``hash``), cached per process."""
    cache = _WORD_CODES
    if len(cache) > _WORD_CACHE_SIZE:
        cache.clear()
    known = cache.get
    codes = [known(word) for word in words]
    if None in codes:  # new words: one pass to fill them in
        for position, code in enumerate(codes):
            if code is None:
                codes[position] = cache[words[position]] = zlib.crc32(words[position].encode())
    return np.array(codes, dtype=np.uint64)


def shingle_hashes(words: list[str], size: int) -> npt.NDArray[np.uint32]:
    """32-bit hashes of the ``size``-word shingles of ``words`` (repeats kept: MinHash takes
    minima, so a repeated shingle changes nothing, and sorting them out would cost more).

    Each word's code is multiplied by an odd constant for its place in the shingle and the
    products summed (mod 2**64); the top 32 bits are well mixed. A text shorter than one
    shingle is one shingle of all its words; no words, no shingles.
    """
    if not words:
        return np.zeros(0, dtype=np.uint32)
    codes = _word_codes(words)
    width = min(size, len(codes))
    count = len(codes) - width + 1
    mixed = codes[:count] * _MIX[0]
    for offset in range(1, width):
        mixed += codes[offset : offset + count] * _MIX[offset % len(_MIX)]
    hashes: npt.NDArray[np.uint32] = (mixed >> np.uint64(32)).astype(np.uint32)
    return hashes


class CopyDetector:
    """Finds exact and near-duplicate texts among those added so far.

    ``add`` answers for each new article whether it copies one added before, and indexes it so
    that later copies of it are found too. A copy of a copy is linked to the first original.
    The index keeps the last ``capacity`` articles (syndication happens within days), so
    memory and time per article stay flat however long the stream runs.
    """

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        num_perm: int = 128,
        shingle_size: int = 3,
        capacity: int = 50_000,
        seed: int = 1,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        if num_perm < 8 or shingle_size < 1 or capacity < 1:
            raise ValueError("num_perm must be >= 8, shingle_size and capacity >= 1")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.capacity = capacity
        self.seed = seed
        # The seed's permutations, drawn once and shared by every sketch.
        self._permutations = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        self._lsh = MinHashLSH(
            threshold=threshold,
            num_perm=num_perm,
            weights=(FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT),
        )
        self._signatures = np.zeros((min(capacity, 1024), num_perm), dtype=np.uint32)
        self._ids: list[str] = []  # by slot; the n-th article added sits in slot n % capacity
        self._originals: list[str | None] = []
        self._digests: list[bytes] = []
        self._exact: dict[bytes, int] = {}  # digest of the normalised words -> sequence number
        self.count = 0  # articles added in all (the LSH keys are their sequence numbers)

    def __len__(self) -> int:
        return min(self.count, self.capacity)

    def signature(self, text: str) -> Signature:
        """The MinHash signature of ``text`` (all ones for a text without words)."""
        return np.asarray(self._minhash(normalised_words(text)).hashvalues, dtype=np.uint32)

    def _minhash(self, words: list[str]) -> MinHash:
        sketch = MinHash(
            num_perm=self.num_perm,
            seed=self.seed,
            hashfunc=int,  # the shingles arrive hashed (see shingle_hashes)
            permutations=self._permutations,
            scheme=SCHEME,
        )
        sketch.update_batch(shingle_hashes(words, self.shingle_size).tolist())
        return sketch

    def add(self, article_id: str, text: str) -> Copy | None:
        """Index ``text`` and return the copy it is of, or None for an original.

        A text without words is neither indexed nor reported: it cannot copy anything.
        """
        words = normalised_words(text)
        if not words:
            return None
        digest = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
        sketch = self._minhash(words)
        found = self._find(digest, sketch)
        self._store(article_id, digest, sketch, found.original if found else None)
        return found

    def _find(self, digest: bytes, sketch: MinHash) -> Copy | None:
        sequence = self._exact.get(digest)
        if sequence is not None:
            return Copy(self._root(sequence), 1.0, exact=True)
        candidates: list[int] = sorted(self._lsh.query(sketch))  # oldest first
        if not candidates:
            return None
        rows = self._signatures[[key % self.capacity for key in candidates]]
        estimates = (rows == sketch.hashvalues[None, :]).mean(axis=1)
        best = int(np.argmax(estimates))  # the first maximum: the oldest of equals
        similarity = float(estimates[best])
        if similarity < self.threshold:
            return None
        return Copy(self._root(candidates[best]), round(similarity, 4))

    def _root(self, sequence: int) -> str:
        slot = sequence % self.capacity
        return self._originals[slot] or self._ids[slot]

    def _store(self, article_id: str, digest: bytes, sketch: MinHash, original: str | None) -> None:
        slot = self.count % self.capacity
        if self.count >= self.capacity:
            self._evict(self.count - self.capacity)
            self._ids[slot], self._originals[slot], self._digests[slot] = (
                article_id,
                original,
                digest,
            )
        else:
            self._ids.append(article_id)
            self._originals.append(original)
            self._digests.append(digest)
            if slot >= len(self._signatures):
                self._grow()
        self._signatures[slot] = sketch.hashvalues
        self._index(self.count, digest, sketch)
        self.count += 1

    def _grow(self) -> None:
        rows = min(max(2 * len(self._signatures), 1024), self.capacity)
        grown = np.zeros((rows, self.num_perm), dtype=np.uint32)
        grown[: len(self._signatures)] = self._signatures
        self._signatures = grown

    def _index(self, sequence: int, digest: bytes, sketch: MinHash) -> None:
        self._exact.setdefault(digest, sequence)
        self._lsh.insert(sequence, sketch, check_duplication=False)

    def _evict(self, sequence: int) -> None:
        slot = sequence % self.capacity
        if self._exact.get(self._digests[slot]) == sequence:
            del self._exact[self._digests[slot]]
        self._lsh.remove(sequence)

    def to_bytes(self) -> bytes:
        """The detector's whole state, for :meth:`from_bytes` in this or another process.

        Plain data only (a JSON header, digests and signatures); the LSH tables are rebuilt
        from the signatures on load.
        """
        used = len(self)
        header = {
            "threshold": self.threshold,
            "num_perm": self.num_perm,
            "shingle_size": self.shingle_size,
            "capacity": self.capacity,
            "seed": self.seed,
            "count": self.count,
            "ids": self._ids,
            "originals": self._originals,
        }
        meta = json.dumps(header, separators=(",", ":")).encode()
        return b"".join(
            [
                _MAGIC,
                struct.pack("<Q", len(meta)),
                meta,
                b"".join(self._digests),
                self._signatures[:used].astype("<u4").tobytes(),
            ]
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> CopyDetector:
        """A detector that answers exactly as the one whose :meth:`to_bytes` gave ``data``."""
        if not data.startswith(_MAGIC):
            raise CopyStateError("not saved copy-detector state (wrong header)")
        try:
            (length,) = struct.unpack_from("<Q", data, len(_MAGIC))
            start = len(_MAGIC) + 8
            header = json.loads(data[start : start + length])
            detector = cls(
                threshold=header["threshold"],
                num_perm=header["num_perm"],
                shingle_size=header["shingle_size"],
                capacity=header["capacity"],
                seed=header["seed"],
            )
            used = len(header["ids"])
            position = start + length
            digests = [data[position + 16 * i : position + 16 * (i + 1)] for i in range(used)]
            position += 16 * used
            signatures = np.frombuffer(
                data, dtype="<u4", count=used * detector.num_perm, offset=position
            ).reshape(used, detector.num_perm)
        except (struct.error, ValueError, KeyError, TypeError) as error:
            raise CopyStateError(f"cannot read saved copy-detector state: {error}") from None
        detector._ids = header["ids"]
        detector._originals = header["originals"]
        detector._digests = digests
        detector._signatures = signatures.astype(np.uint32)
        detector.count = header["count"]
        for sequence in range(detector.count - used, detector.count):  # oldest first
            slot = sequence % detector.capacity
            sketch = LeanMinHash(seed=detector.seed, hashvalues=signatures[slot], scheme=SCHEME)
            detector._index(sequence, digests[slot], sketch)
        return detector
