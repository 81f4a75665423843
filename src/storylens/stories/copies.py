"""Exact and near-duplicate (syndicated copy) detection with MinHash and banded LSH.

Each text becomes the set of its word shingles (``shingle_size`` consecutive normalised words).
Two texts' resemblance is the Jaccard index of those sets (Broder, "On the resemblance and
containment of documents", 1997); MinHash signatures estimate it, and locality-sensitive hashing
over bands of the signature finds the candidates without comparing every pair (Leskovec,
Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3). Candidates are then verified on the
signature estimate, so a copy is reported only when its estimated Jaccard reaches the threshold.

The sketch is datasketch's (:class:`~datasketch.MinHash`, scheme ``affine32``): its seeded
permutations, and the signature it would give the same hashed shingles, computed here in one
numpy pass per text instead of through a ``MinHash`` object per text. The bands and rows come
from :class:`~datasketch.MinHashLSH`'s choice for the threshold; the band tables are plain dicts
here, because with the signature computed this way ``MinHashLSH.query`` plus ``insert`` were the
largest cost per article (each re-slices and re-serialises the 25 bands; about 200 µs against
10 µs here); the candidates are the same.

Shingles are hashed here, once, to 32-bit integers (CRC-32 of each word, mixed by position):
stable across processes, unlike ``hash``, and far cheaper than datasketch's default SHA-1 per
shingle. The permutations come from a fixed seed, so state saved by one process answers the
same in another.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from storylens.errors import StorylensError

__all__ = ["Copy", "CopyDetector", "CopyStateError", "normalised_words", "shingle_hashes"]

Signature = npt.NDArray[np.uint32]

SCHEME = "affine32"  # datasketch's 32-bit permutation scheme: uint32 signatures
#: Missing a copy costs more than verifying a stray candidate (LSH band/row weights).
FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT = 0.3, 0.7
#: Shingles permuted at a time: bounds the scratch matrix (rows x num_perm) for long texts.
_BLOCK = 2048

_WORD = re.compile(r"\w+")
_MAGIC = b"SLCOPY2\n"
_WORD_CACHE_SIZE = 500_000
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip
# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each input hash.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def _ascii_fold() -> bytes:
    """A ``bytes.translate`` table: ASCII word characters kept (capitals lowered), others space.

    For ASCII text, translating then splitting gives exactly the ``\\w+`` matches of the
    case-folded text.
    """
    table = bytearray(b" " * 256)
    for char in b"0123456789_abcdefghijklmnopqrstuvwxyz":
        table[char] = char
    for char in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[char] = char + 32
    return bytes(table)


_ASCII_FOLD = _ascii_fold()
_ASCII_FOLD_TEXT = {code: chr(folded) for code, folded in enumerate(_ASCII_FOLD[:128])}
#: Non-ASCII characters common in English news (typographic quotes and dashes, spaces, a few
#: symbols) that are not word characters and do not fold into any (tests check both). A text
#: whose only non-ASCII characters are these has the words of the text with them as spaces.
SEPARATORS = (
    "\u00a0\u2009\u200b\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00ab\u00bb"
    "\u00a3\u20ac\u00a9\u00ae\u00b0\ufffd"
)


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
    plain = _plain(text)
    if plain is not None:  # one C pass instead of the regular expression: the same words
        return plain.translate(_ASCII_FOLD_TEXT).split()
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _word_bytes(text: str) -> list[bytes]:
    """:func:`normalised_words`, UTF-8 encoded (what the codes and the digest are taken of)."""
    plain = _plain(text)
    if plain is not None:
        return plain.encode().translate(_ASCII_FOLD).split()
    return " ".join(normalised_words(text)).encode().split()


def _plain(text: str) -> str | None:
    """``text`` with its :data:`SEPARATORS` as spaces when that leaves it ASCII, else None
    (it needs Unicode folding)."""
    if text.isascii():
        return text
    for separator in SEPARATORS:
        if separator in text:
            text = text.replace(separator, " ")
    return text if text.isascii() else None


class _WordCodes(dict[str | bytes, int]):
    """CRC-32 of each word's UTF-8 (stable across processes, unlike ``hash``), cached per
    process; a word seen as ``str`` or as ``bytes`` has the same code."""

    def __missing__(self, word: str | bytes) -> int:
        if len(self) > _WORD_CACHE_SIZE:
            self.clear()
        code = self[word] = zlib.crc32(word.encode() if isinstance(word, str) else word)
        return code


_WORD_CODES = _WordCodes()


def shingle_hashes(words: list[str] | list[bytes], size: int) -> npt.NDArray[np.uint32]:
    """32-bit hashes of the ``size``-word shingles of ``words`` (repeats kept: MinHash takes
    minima, so a repeated shingle changes nothing, and sorting them out would cost more).

    Each word's code is multiplied by an odd constant for its place in the shingle and the
    products summed (mod 2**64); the top 32 bits are well mixed. A text shorter than one
    shingle is one shingle of all its words; no words, no shingles.
    """
    if not words:
        return np.zeros(0, dtype=np.uint32)
    codes = np.fromiter(map(_WORD_CODES.__getitem__, words), dtype=np.uint64, count=len(words))
    width = min(size, len(codes))
    count = len(codes) - width + 1
    mixed = codes[:count] * _MIX[0]
    for offset in range(1, width):
        mixed += codes[offset : offset + count] * _MIX[offset % len(_MIX)]
    hashes: npt.NDArray[np.uint32] = (mixed >> np.uint64(32)).astype(np.uint32)
    return hashes


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks (it integrates the error
    curves, a tenth of a second: done once per setting)."""
    lsh = MinHashLSH(
        threshold=threshold,
        num_perm=num_perm,
        weights=(FALSE_POSITIVE_WEIGHT, FALSE_NEGATIVE_WEIGHT),
    )
    return lsh.b, lsh.r


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[Signature, Signature]:
    """datasketch's affine32 permutations ``(a, b)`` for ``seed``: ``h -> a * h + b mod 2**32``."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


class _BandIndex:
    """Banded LSH tables: a key goes in one bucket per band of ``rows`` signature values.

    The same buckets as :class:`~datasketch.MinHashLSH` with its in-memory storage (bands
    ``[i * rows, (i + 1) * rows)``, a bucket per distinct band), so the same candidates; the
    band keys are sliced from one byte string per signature. Most buckets hold one key, kept
    as the bare int (a list only from the second): at 50,000 texts of 25 bands that saves a
    list per entry, about 100 MB.
    """

    def __init__(self, bands: int, rows: int) -> None:
        self.rows = rows
        self._width = 4 * rows  # bytes per band of uint32 values
        self._tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(bands)]

    def keys(self, signature: Signature) -> list[bytes]:
        """The bucket key of each band of ``signature``."""
        raw = signature[: len(self._tables) * self.rows].tobytes()
        width = self._width
        return [raw[start : start + width] for start in range(0, len(raw), width)]

    def add(self, item: int, keys: list[bytes]) -> set[int]:
        """Insert ``item`` under ``keys``; return the items that shared a band with it before.

        One pass for the query and the insertion that always follows it.
        """
        found: set[int] = set()
        for table, key in zip(self._tables, keys, strict=True):
            bucket = table.setdefault(key, item)
            if bucket is item:  # a new bucket (items are distinct numbers)
                continue
            if isinstance(bucket, int):
                found.add(bucket)
                table[key] = [bucket, item]
            else:
                found.update(bucket)
                bucket.append(item)
        return found

    def remove(self, item: int, keys: list[bytes]) -> None:
        for table, key in zip(self._tables, keys, strict=True):
            bucket = table[key]
            if isinstance(bucket, int):
                del table[key]
            else:
                bucket.remove(item)
                if len(bucket) == 1:
                    table[key] = bucket[0]


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
        # The seed's permutations, drawn once and shared by every signature.
        self._a, self._b = _permutations(num_perm, seed)
        self._scratch = np.empty((0, num_perm), dtype=np.uint32)
        self._bands = _BandIndex(*_bands(threshold, num_perm))
        self._signatures = np.zeros((min(capacity, 1024), num_perm), dtype=np.uint32)
        self._ids: list[str] = []  # by slot; the n-th article added sits in slot n % capacity
        self._originals: list[str | None] = []
        self._digests: list[bytes] = []
        self._exact: dict[bytes, int] = {}  # digest of the normalised words -> sequence number
        self.count = 0  # articles added in all (the band keys are their sequence numbers)

    def __len__(self) -> int:
        return min(self.count, self.capacity)

    def signature(self, text: str) -> Signature:
        """The MinHash signature of ``text`` (all ones for a text without words)."""
        return self._signature(_word_bytes(text))

    def _signature(self, words: list[bytes]) -> Signature:
        """What datasketch's ``MinHash(..., scheme="affine32").update_batch`` gives the
        shingle hashes: the minimum over shingles of ``a * fmix32(h) + b`` per permutation."""
        hashes = shingle_hashes(words, self.shingle_size)
        shift, first, shift2, second = _FMIX
        hashes ^= hashes >> shift
        hashes *= first
        hashes ^= hashes >> shift2
        hashes *= second
        hashes ^= hashes >> shift
        signature = np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        for start in range(0, len(hashes), _BLOCK):
            block = hashes[start : start + _BLOCK, None]
            if len(self._scratch) < len(block):
                self._scratch = np.empty((len(block), self.num_perm), dtype=np.uint32)
            permuted = self._scratch[: len(block)]
            np.multiply(block, self._a, out=permuted)  # wraps mod 2**32, as datasketch's does
            permuted += self._b
            np.minimum(signature, permuted.min(axis=0), out=signature)
        return signature

    def add(self, article_id: str, text: str) -> Copy | None:
        """Index ``text`` and return the copy it is of, or None for an original.

        A text without words is neither indexed nor reported: it cannot copy anything.
        """
        words = _word_bytes(text)
        if not words:
            return None
        digest = hashlib.blake2b(b" ".join(words), digest_size=16).digest()
        signature = self._signature(words)
        # Candidates before eviction: the oldest article is still one (as it always was).
        candidates = self._bands.add(self.count, self._bands.keys(signature))
        found = self._find(digest, signature, candidates)
        self._store(article_id, digest, signature, found.original if found else None)
        return found

    def _find(self, digest: bytes, signature: Signature, banded: set[int]) -> Copy | None:
        sequence = self._exact.get(digest)
        if sequence is not None:
            return Copy(self._root(sequence), 1.0, exact=True)
        candidates = sorted(banded)  # oldest first
        if not candidates:
            return None
        rows = self._signatures[[key % self.capacity for key in candidates]]
        agreeing = np.count_nonzero(rows == signature, axis=1)
        best = int(np.argmax(agreeing))  # the first maximum: the oldest of equals
        similarity = int(agreeing[best]) / self.num_perm  # MinHash's Jaccard estimate
        if similarity < self.threshold:
            return None
        return Copy(self._root(candidates[best]), round(similarity, 4))

    def _root(self, sequence: int) -> str:
        slot = sequence % self.capacity
        return self._originals[slot] or self._ids[slot]

    def _store(
        self, article_id: str, digest: bytes, signature: Signature, original: str | None
    ) -> None:
        """Keep the article in its slot (its band keys are already in) and evict the oldest."""
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
        self._signatures[slot] = signature
        self._exact.setdefault(digest, self.count)
        self.count += 1

    def _grow(self) -> None:
        rows = min(max(2 * len(self._signatures), 1024), self.capacity)
        grown = np.zeros((rows, self.num_perm), dtype=np.uint32)
        grown[: len(self._signatures)] = self._signatures
        self._signatures = grown

    def _evict(self, sequence: int) -> None:
        slot = sequence % self.capacity
        if self._exact.get(self._digests[slot]) == sequence:
            del self._exact[self._digests[slot]]
        self._bands.remove(sequence, self._bands.keys(self._signatures[slot]))

    def to_bytes(self) -> bytes:
        """The detector's whole state, for :meth:`from_bytes` in this or another process.

        Plain data only (a JSON header, digests and signatures); the band tables are rebuilt
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
            detector._exact.setdefault(digests[slot], sequence)
            detector._bands.add(sequence, detector._bands.keys(detector._signatures[slot]))
        return detector
