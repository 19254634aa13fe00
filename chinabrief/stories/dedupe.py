"""Duplicates: the same report stored twice, or reposted by another outlet.

Duplicates are linked to the first copy seen, never dropped: Xinhua wire copy reposted by
China Daily and Guangming still counts three outlets for its story. Two levels:

* **exact**: the body with case, script (OpenCC), spacing and punctuation folded away;
* **near**: MinHash over word triples (English) or character quintuples (Chinese), looked
  up in an LSH index (datasketch), then confirmed on the estimated Jaccard similarity, so a
  repost with a different headline, a dateline, or a trailing credit line still matches.

Bodies too short to tell one event from another (a bare headline such as "Foreign Ministry
press conference") are never duplicates of anything.
"""

from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from chinabrief.stories.features import StoryItem
from chinabrief.stories.minhash import NUM_PERM, SCHEME, SEED

#: Estimated Jaccard similarity of shingles above which two bodies are one report. Reposts
#: of wire copy sit above 0.8; distinct reports of one event, even from one press release,
#: rarely pass 0.5. 0.7 keeps reposts with a changed first or last paragraph.
NEAR_DUPLICATE_JACCARD = 0.7


class Deduper:
    """Remembers what it has seen; :meth:`add` says which earlier item a new one copies."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self._original: dict[str, str] = {}  # item -> the first copy, for chains of reposts

    def __len__(self) -> int:
        return len(self._original)

    def add(self, item: StoryItem) -> str | None:
        """Record ``item``; return the id of the earlier item it duplicates, if any."""
        original = None
        if item.text_key:
            original = self._exact.get(item.text_key)
            if original is None:
                self._exact[item.text_key] = item.id
        lean = None
        if item.signature is not None:
            lean = LeanMinHash(seed=SEED, hashvalues=item.signature, scheme=SCHEME)
        if original is None and lean is not None:
            best = 0.0
            for other in self._lsh.query(lean):
                similarity = float(np.mean(self._signatures[other] == item.signature))
                if similarity >= self.threshold and similarity > best:
                    best, original = similarity, other
        if original is not None:
            original = self._original.get(original, original)
        self._original[item.id] = original or item.id
        if lean is not None and original is None and item.id not in self._signatures:
            self._signatures[item.id] = item.signature
            self._lsh.insert(item.id, lean, check_duplication=False)
        return original
