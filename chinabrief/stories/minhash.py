"""MinHash signatures of report bodies, for near-duplicate detection.

Signatures are datasketch MinHashes (fixed seed and scheme), so they go straight into its
LSH index; only the shingle hashing is done here, on whole arrays with numpy, because
hashing shingle strings one by one was most of the cost of building a story view.
Shingles are five characters for Chinese (after folding to simplified and dropping
punctuation) and three words for English.
"""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np

#: Permutations per signature: 64 estimate Jaccard similarity to about ±0.06.
NUM_PERM = 64
SEED = 7
#: Bodies with more shingles than this keep one in SAMPLE_EVERY, chosen by hash value, which
#: estimates their resemblance almost as well at a quarter of the cost.
SAMPLE_ABOVE = 200
SAMPLE_EVERY = 4
CHINESE_SHINGLE = 5
ENGLISH_SHINGLE = 3
SCHEME = "affine32"
_MAX_HASH = np.uint64(0xFFFFFFFF)
_P = np.uint64(1_000_003)


def _identity(value: int) -> int:
    return value


@cache
def _template():  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)


def _rolling(units: np.ndarray, width: int) -> np.ndarray:
    """One 32-bit hash per window of ``width`` consecutive units (characters or words)."""
    hashed = np.zeros(len(units) - width + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            hashed = hashed * _P + units[offset:len(units) - width + 1 + offset]
    return np.unique((hashed & _MAX_HASH).astype(np.uint32))


def shingle_hashes(normalised: str, chinese: bool) -> np.ndarray | None:
    """Hashes of the text's shingles; ``None`` when it has too few to compare."""
    if chinese:
        units = np.frombuffer(normalised.replace(" ", "").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        width = CHINESE_SHINGLE
    else:
        units = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in normalised.split()), dtype=np.uint64)
        width = ENGLISH_SHINGLE
    if len(units) < width + 2:
        return None
    hashes = _rolling(units, width)
    if len(hashes) > SAMPLE_ABOVE:  # keep the shingles whose hash is 0 mod 4 (Broder's sampling):
        hashes = hashes[hashes % SAMPLE_EVERY == 0]  # the same ones in every copy of a text
    return hashes


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` values) of a set of 32-bit shingle hashes, made by
    datasketch itself (our hashes stand in for its hash function's)."""
    minhash = _template().copy()
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues
