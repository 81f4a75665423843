"""Online story clustering: each new article joins an open story or starts a new one.

A single pass in arrival order, as in streaming news clustering (Allan et al., "Topic Detection
and Tracking Pilot Study", 1998; Miranda et al., "Multilingual Clustering of Streaming News",
EMNLP 2018). An article is compared with a bounded set of candidate stories only: the nearest
story centroids in an HNSW index and the latest stories that share its most salient entities.
Its score against each is

    text cosine + w_e * entity cosine + w_n * figure cosine + w_d (dates agree) - w_c (clash)
    + w_t * closeness in published time (given some shared words)

and it joins the best story scoring at least ``threshold`` among those within ``window_days``
of it (any story, when published times are unknown); otherwise it starts a story named after
itself. Every candidate, near in time or not, may join the new article's story in a topic when
they tell the same kind of event (see :meth:`StoryClusterer._link_topics`). While a story is
young, each article that joins it may take back the latest articles of its nearest rivals that
fit it better (an article that came before its own event's story existed joined the nearest
other one; see :meth:`StoryClusterer._reclaim`), and a story that such an article led its
event's later articles into splits in two (:meth:`StoryClusterer._split`). Stories that go
quiet (``close_after_days`` past the newest published time) or exceed ``max_open`` close and
leave the index, so time and memory per article stay flat.
"""

from __future__ import annotations

import io
import json
import math
import struct
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from storylens.errors import StorylensError
from storylens.stories import sparse
from storylens.stories.ann import HnswIndex
from storylens.stories.bisection import spectral_split
from storylens.stories.date_signals import dates_agree
from storylens.stories.features import StoryFeatures
from storylens.stories.topics import Topics
from storylens.stories.vectors import ArticleVector, Vector, Vectorizer

__all__ = ["Assignment", "ClusterSettings", "ClusterStateError", "Move", "StoryClusterer"]

DAY = 86_400.0
_DATES_KEPT = 12


class ClusterStateError(StorylensError):
    """Saved clusterer state that cannot be read back."""


@dataclass(frozen=True)
class ClusterSettings:
    """The clusterer's settings; defaults chosen on ECB+ topics 1-25 and the sample corpus.

    On ECB+ 1-25 story F1 is flat (within 0.01) for thresholds 0.34-0.40 and date clash
    weights 0.1-0.2; 0.40 and 0.1 are the values that also keep the sample corpus's stories
    exact (see benchmarks/clusters.py --tune). Reclaiming (``reclaim_*``) lifts story F1 on
    1-25 from 0.897 to 0.903 (3 orders); it saturates at 8 for the size and latest articles and
    at 2 rivals; taking the article of a story of one at 0.5 lifts it to 0.907 (16 orders;
    flat for 0.45-0.55, lower from 0.6 up). A floor of 0.2 on rivals' scores leaves F1 as it
    is (0.1-0.3 alike) and saves most of the reclaiming work on the scale benchmark.
    Splitting (``split_*``) lifts story F1 on 1-25 from 0.910 to 0.922 over 16 orders (1-12:
    0.897 to 0.916, 13-25: 0.923 to 0.928); within 0.005 for ratios 0.55-0.65, date weights
    0.3-0.5, gates 0.55-0.7 or none. Parts of 2 split single events (0.914 over 8 orders,
    13-25 down from 0.923 to 0.917).
    """

    threshold: float = 0.40  # join the best story scoring at least this
    entity_weight: float = 0.4
    number_weight: float = 0.45
    date_weight: float = 0.1  # bonus when the article names a year or date the story names
    date_clash_weight: float = 0.1  # penalty when their dates or years say another event
    absent_penalty: float = 0.05  # when the article's main entity is new to a story of 2+
    time_weight: float = 0.25  # penalty for a published time a window from a story's span,
    # and bonus for one inside it, shared among the similar stories running then
    time_gate: float = 0.1  # text cosine that makes a story similar (same time alone is no link)
    topic_threshold: float = 0.18  # cosine of words outside names that makes one topic
    topic_floor: float = 0.15  # ...given at least this cosine of the whole texts,
    topic_text: float = 0.25  # or this cosine of the whole texts alone
    window_days: float = 7.0  # an article joins a story only this close to its time span
    close_after_days: float = 30.0  # stories idle this long close
    max_open: int = 50_000  # open stories at most; the longest idle closes first
    neighbours: int = 10  # candidate stories from the ANN index
    per_entity: int = 4  # candidate stories per salient entity (the latest)
    salient: int = 3  # entities of the article used to find candidates
    dim: int = 1024  # text vector dimensions
    reclaim_size: int = 8  # a story this small after an article joins it reclaims articles
    reclaim_rivals: int = 2  # ...from this many of that article's best-scoring other stories
    reclaim_floor: float = 0.2  # ...that score at least this against it (related ones only),
    reclaim_latest: int = 8  # ...looking at their latest this many articles (see _reclaim)
    reclaim_alone: float = 0.5  # a story of one article gives it up at this score only
    recent: int = 1024  # the latest articles kept whole, so that they can still move
    split_sizes: tuple[int, ...] = (6, 8, 12, 16, 24)  # a story of these sizes may split
    split_gate: float = 0.6  # ...once an article joined it scoring below this (see _split),
    split_ratio: float = 0.6  # ...when its two parts' mean cross score is below this share
    split_part: int = 3  # ...of the weaker part's mean inner score, each part this large
    split_date_weight: float = 0.3  # weight of a shared or clashing date in pair scores
    ann_dim: int = 128  # dimensions of the folded vectors the ANN index holds

    def __post_init__(self) -> None:
        if self.dim % self.ann_dim:
            raise ValueError("dim must be a multiple of ann_dim")
        # saved settings come back from JSON with a list here
        object.__setattr__(self, "split_sizes", tuple(self.split_sizes))


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: its story, how close it was, and why when it stands alone."""

    article_id: str
    story_id: str  # the story joined; if ``moved`` holds this article, the move's target
    topic_id: str
    similarity: float  # score against the story joined; 1.0 for the first article of a story
    is_new: bool
    note: str | None = None
    moved: tuple[Move, ...] = ()  # articles this one's story reclaimed, or split off (this one too)


@dataclass(frozen=True, slots=True)
class Move:
    """An earlier article taken from one story into another that it fits better."""

    article_id: str
    source: str  # story id it left (a story left without articles is gone)
    target: str  # story id it joined
    similarity: float  # its score against the target story


@dataclass
class _Story:
    """The compact state of one open story."""

    id: str
    label: int  # key in the ANN index and in candidate lists
    slot: int  # row of the centroid sum
    size: int = 0
    entities: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, float] = field(default_factory=dict)
    entity_norm: float = 0.0  # lengths of the weight sums, kept for the cosines
    number_norm: float = 0.0
    dates: dict[str, int] = field(default_factory=dict)
    first: float | None = None
    last: float | None = None
    indexed_size: int = 0  # size when its ANN vector was last written
    title: str | None = None
    title_score: float = -1.0
    weakest: float = math.inf  # lowest score an article joined it with (see _split)


class StoryClusterer:
    """Assigns articles to stories one at a time; state saves to bytes and loads back."""

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings()
        self.vectorizer = Vectorizer(dim=self.settings.dim)
        self.topics = Topics()
        self._index = HnswIndex(self.settings.ann_dim)
        self._open: OrderedDict[int, _Story] = OrderedDict()  # least recently updated first
        self._by_id: dict[str, _Story] = {}
        self._postings: dict[str, list[int]] = {}  # entity -> latest stories naming it
        self._sweep_at = 10_000
        self._sums = np.zeros((64, self.settings.dim), dtype=np.float32)
        self._lengths = np.zeros(64, dtype=np.float32)  # of each row of _sums, kept with it
        self._free: list[int] = list(range(63, -1, -1))
        self._next_label = 0
        self._newest: float | None = None
        # The latest articles (oldest first) with the label of the story each is in now, and
        # each open story's articles among them: what a young story may reclaim.
        self._recent: OrderedDict[str, tuple[ArticleVector, int]] = OrderedDict()
        self._members: dict[int, list[str]] = {}

    # --- public -------------------------------------------------------------------------

    def assign(
        self,
        features: StoryFeatures,
        *,
        copy_of: str | None = None,
        original: str | None = None,
        learn: bool = True,
    ) -> Assignment:
        """Learn the article's words and place it in a story.

        ``copy_of`` names the story of the article this one copies (see copies.py): a copy
        joins that story while it is open, whatever its score. ``original`` is the id of the
        article it copies: from then on that article stays in its story, with its copies.

        The assignment's ``moved`` lists earlier articles that the article's story took from
        other stories (see :meth:`_reclaim`), and the articles of a story it split off, maybe
        this article itself (see :meth:`_split`); whoever keeps the articles' stories must move
        them too, in that order, creating a story a split starts.
        """
        if features.note:
            return self._alone(features.article_id, features.note)
        if learn:
            self.vectorizer.learn(features)
        return self.assign_vector(
            self.vectorizer.encode(features), copy_of=copy_of, original=original
        )

    def assign_vector(
        self, item: ArticleVector, *, copy_of: str | None = None, original: str | None = None
    ) -> Assignment:
        """Place an already vectorised article (see :class:`ArticleVector`) in a story."""
        if item.note or not np.count_nonzero(item.vector):  # all zeros: nothing to compare
            note = item.note or "no words to cluster on: kept as a story of its own"
            return self._alone(item.article_id, note)
        self._advance_clock(item.published)
        candidates = self._candidates(item)
        forced = self._by_id.get(copy_of) if copy_of else None
        if forced is not None and forced not in candidates:
            candidates.append(forced)
        text = self._text_of(item, candidates)
        share = self._time_share(item, candidates, text)
        scored = self._with_signals(item, candidates, text, share)
        # Only stories near the article in time can take it; any candidate may share its topic
        # (two storms a month apart are two stories of one kind).
        joinable = self._joinable(scored, item)
        best = max(joinable, key=lambda pair: pair[1], default=None)
        if forced is not None:
            best = next(pair for pair in scored if pair[0] is forced)
            story, similarity, is_new = forced, best[1], False
        elif best is not None and best[1] >= self.settings.threshold:
            story, similarity, is_new = best[0], best[1], False
        else:
            story, similarity, is_new = self._open_story(item.article_id), 1.0, True
        self._add(story, item)
        self._link_topics(story, scored, is_new)
        moved: tuple[Move, ...] = ()
        if forced is None:  # a copy stays with its original, so neither may move
            self._remember(item, story)
            if story.size <= self.settings.reclaim_size:
                moved = self._reclaim(story, scored, share)
            if not is_new:
                story.weakest = min(story.weakest, similarity)
                if story.size in self.settings.split_sizes:
                    moved += self._split(story)
        elif original is not None:
            self._forget(original)
        self._close_idle()
        topic = self.topics.topic_of(story.id)
        return Assignment(item.article_id, story.id, topic, similarity, is_new, moved=moved)

    def topic_of(self, story_id: str) -> str:
        """The topic (group of related stories) a story belongs to now."""
        return self.topics.topic_of(story_id)

    def title_of(self, story_id: str) -> str | None:
        """An open story's headline nearest its centroid when added (None once closed: the
        store keeps titles; see titles.py for the exact medoid headline of any story)."""
        story = self._by_id.get(story_id)
        return story.title if story else None

    @property
    def open_stories(self) -> int:
        """How many stories are open (in the index) now."""
        return len(self._open)

    # --- saved state ---------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Everything the clusterer knows, for :meth:`from_bytes` in a later run.

        Open stories (compact sums of their articles), learnt word frequencies, the ANN graph,
        topics and titles. Closed stories keep only their topic and title.
        """
        stories = list(self._open.values())
        meta = {
            "settings": asdict(self.settings),
            "stories": [asdict(story) for story in stories],
            "postings": {key: list(labels) for key, labels in self._postings.items()},
            "next_label": self._next_label,
            "sweep_at": self._sweep_at,
            "newest": self._newest,
            "rows": len(self._sums),
            "free": self._free,
            "topics": self.topics.to_json(),
            "recent": [_recent_record(item, label) for item, label in self._recent.values()],
            "members": [[label, ids] for label, ids in self._members.items()],
        }
        recent = [item.vector for item, _label in self._recent.values()]
        buffer = io.BytesIO()
        np.savez(
            buffer,
            meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            vectorizer=np.frombuffer(self.vectorizer.to_bytes(), dtype=np.uint8),
            index=np.frombuffer(self._index.to_bytes(), dtype=np.uint8),
            sums=self._sums[[story.slot for story in stories]],
            recent=np.stack(recent) if recent else np.zeros((0, self.settings.dim), np.float32),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryClusterer:
        """A clusterer that goes on exactly where the one that saved ``data`` stopped."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as saved:
                meta = json.loads(saved["meta"].tobytes())
                vectorizer = Vectorizer.from_bytes(saved["vectorizer"].tobytes())
                index_bytes = saved["index"].tobytes()
                sums = saved["sums"]
                recent = saved["recent"] if "recent" in saved.files else None
        except (OSError, ValueError, KeyError) as error:
            raise ClusterStateError(f"cannot read saved clusterer state: {error}") from None
        clusterer = cls(ClusterSettings(**meta["settings"]))
        settings = clusterer.settings
        clusterer.vectorizer = vectorizer
        clusterer.topics = Topics.from_json(meta["topics"])
        try:
            clusterer._index = HnswIndex.from_bytes(index_bytes)
        except (ValueError, KeyError, TypeError, struct.error) as error:  # an older format
            raise ClusterStateError(f"cannot read the saved story index: {error}") from None
        clusterer._sums = np.zeros((meta["rows"], settings.dim), dtype=np.float32)
        clusterer._lengths = np.zeros(meta["rows"], dtype=np.float32)  # set per story below

        clusterer._free = list(meta["free"])
        for record, row in zip(meta["stories"], sums, strict=True):
            story = _Story(**record)
            clusterer._sums[story.slot] = row
            clusterer._lengths[story.slot] = _row_length(row)
            clusterer._open[story.label] = story
            clusterer._by_id[story.id] = story
        clusterer._postings = meta["postings"]
        clusterer._sweep_at = meta["sweep_at"]
        clusterer._next_label = meta["next_label"]
        clusterer._newest = meta["newest"]
        if recent is not None:  # state saved before articles could move has none
            for record, vector in zip(meta["recent"], recent, strict=True):
                item, label = _recent_item(record, vector)
                clusterer._recent[item.article_id] = (item, label)
            clusterer._members = {int(label): list(ids) for label, ids in meta["members"]}
        return clusterer

    # --- candidates and scores --------------------------------------------------------------

    def _candidates(self, item: ArticleVector) -> list[_Story]:
        labels = self._index.query(self._fold(item.vector), self.settings.neighbours)
        for key in sparse.salient(item.entities)[: self.settings.salient]:
            labels.extend(self._postings.get(key, ()))
        opened = self._open.get
        # dict.fromkeys drops repeats, keeping first places: nearest first, then by entity.
        return [story for label in dict.fromkeys(labels) if (story := opened(label)) is not None]

    def _joinable(
        self, scored: list[tuple[_Story, float]], item: ArticleVector
    ) -> list[tuple[_Story, float]]:
        """The scored stories whose time span, widened by the window, holds the article's
        published time (all of them when a time is unknown)."""
        published = item.published
        if published is None:
            return scored
        window = self.settings.window_days * DAY
        return [
            (story, score)
            for story, score in scored
            if story.first is None
            or story.last is None
            or story.first - window <= published <= story.last + window
        ]

    def _score(
        self, item: ArticleVector, stories: list[_Story], time_share: float | None = None
    ) -> list[tuple[_Story, float]]:
        """The scores of the article against ``stories`` (see :meth:`_with_signals`)."""
        text = self._text_of(item, stories)
        if time_share is None:
            time_share = self._time_share(item, stories, text)
        return self._with_signals(item, stories, text, time_share)

    def _text_of(self, item: ArticleVector, stories: list[_Story]) -> list[float]:
        """The text cosines of one article with several stories' centroids."""
        if not stories:
            return []
        slots = [story.slot for story in stories]
        sums = self._sums[slots]
        cosines: list[float] = (
            (sums @ item.vector) / np.maximum(self._lengths[slots], 1e-9)
        ).tolist()
        return cosines

    def _time_share(self, item: ArticleVector, stories: list[_Story], text: list[float]) -> float:
        """How much being published near a story says about belonging to it: 1 over the
        number of stories like the article (text cosine at least ``time_gate``) that run
        near its time.

        In a small, sparse corpus the one similar story of the same days is very likely the
        article's own; in a feed, one day holds many similar stories (a dozen on US politics)
        and the time tells them apart no better than chance. A fixed bonus merged such
        same-day stories: benchmarks/timed_stories.py, B-cubed precision 0.61.
        """
        published = item.published
        if published is None:
            return 0.0
        window, gate = self.settings.window_days * DAY, self.settings.time_gate
        near = sum(
            1
            for story, cosine in zip(stories, text, strict=True)
            if cosine >= gate and _closeness(story, published, window) > 0.0
        )
        return 1.0 / max(near, 1)

    def _with_signals(
        self, item: ArticleVector, stories: list[_Story], text: list[float], time_share: float
    ) -> list[tuple[_Story, float]]:
        """The scores of the article against ``stories`` given its text cosines with them
        and the worth of a published time near a story (see :meth:`_time_share`)."""
        settings = self.settings
        main = max(item.entities, key=item.entities.__getitem__, default=None)
        # This loop runs for every candidate of every article: the settings are read once,
        # and signals the article lacks are skipped (each would add exactly 0.0).
        absent_penalty, entity_weight = settings.absent_penalty, settings.entity_weight
        number_weight, time_gate, time_weight = (
            settings.number_weight,
            settings.time_gate,
            settings.time_weight,
        )
        entities, numbers, dates = item.entities, item.numbers, item.dates
        published, window = item.published, settings.window_days * DAY
        scored = []
        for story, cosine in zip(stories, text, strict=True):
            score = cosine
            if main is not None and story.size > 1 and main not in story.entities:
                score -= absent_penalty
            score += entity_weight * sparse.cosine(entities, story.entities, story.entity_norm)
            if numbers:
                score += number_weight * sparse.cosine(numbers, story.numbers, story.number_norm)
            if dates:
                agree = dates_agree(dates, story.dates, settings.window_days)
                score += (settings.date_weight if agree > 0 else settings.date_clash_weight) * agree
            if published is not None and story.first is not None:
                close = _closeness(story, published, window)
                score -= time_weight * (1.0 - close)  # a week away: likely another event
                if cosine >= time_gate:
                    score += time_weight * time_share * close
            scored.append((story, score))
        return scored

    # --- reclaiming misplaced articles ---------------------------------------------------------

    def _reclaim(
        self, story: _Story, scored: list[tuple[_Story, float]], time_share: float
    ) -> tuple[Move, ...]:
        """Take into a young story the latest articles of its nearest rivals that fit it better.

        An article that arrives before its own event's story exists joins the most similar
        story, often another event of the same kind, and would stay there. So while a story is
        young (``reclaim_size`` articles at most), each article that joins it looks at the
        ``reclaim_latest`` latest articles of the ``reclaim_rivals`` stories it scored best
        besides, given at least ``reclaim_floor`` (a story unrelated to the article holds none
        of its event's articles, and skipping it saves most of the work): one moves when it
        scores at least ``threshold`` against the young story and more than against its own
        story without it. A story of one article gives it up only
        at ``reclaim_alone`` (an article that stood alone and now fits a story), and closes.
        The work per article is bounded by these settings, whatever the number of stories.
        Published times count as much as for the article that joined: the articles weighed
        are of the stories nearest to it.
        """
        settings = self.settings
        floor = settings.reclaim_floor
        rivals = sorted(
            (pair for pair in scored if pair[0] is not story and pair[1] >= floor),
            key=lambda pair: -pair[1],
        )[: settings.reclaim_rivals]
        moves = []
        for rival, _score in rivals:
            latest = self._members.get(rival.label, [])[-settings.reclaim_latest :]
            items = [self._recent[article_id][0] for article_id in latest]
            while items and rival.size:
                # the bar for an article that would leave its story empty is higher
                bar = settings.threshold if rival.size > 1 else settings.reclaim_alone
                # the text cosines of them all in one product, again after each move
                text = self._text_cosines(items, story)
                moved = next(
                    (
                        (position, here)
                        for position, (item, cosine) in enumerate(zip(items, text, strict=True))
                        if (here := self._with_signals(item, [story], [cosine], time_share)[0][1])
                        >= bar
                        and self._joinable([(story, here)], item)  # near it in time
                        and here > self._score_without(item, rival, time_share)
                    ),
                    None,
                )
                if moved is None:
                    break
                position, here = moved
                item = items[position]
                self._move(item, rival, story)
                moves.append(Move(item.article_id, rival.id, story.id, here))
                items = items[position + 1 :]
            if not rival.size:  # its one article moved: nothing is left to find
                self._close(rival)
        return tuple(moves)

    def _split(self, story: _Story) -> tuple[Move, ...]:
        """Split a story that turns out to hold two events; the moves of the part that leaves.

        An article that comes before its own event's story exists may join a similar event's
        story, and the later articles of its event follow it there. Summed over a story the
        signals that tell two such events apart blur, but article to article they stay sharp
        (a shared full date, the same count of the same thing). So when a story reaches one
        of ``split_sizes`` articles, all still remembered, its articles are scored pair by pair
        and cut in two (:func:`spectral_split`); when the cut is clear, the part without the story's
        first article to arrive becomes a story of its own, in the same topic, named after the
        first of its articles that names no story yet. The work is bounded by the largest split
        size. Each move's similarity is the article's score against its new story as if that
        were its only candidate, so the share of a near published time is whole.
        """
        settings = self.settings
        members = self._members.get(story.label, [])
        if story.weakest >= settings.split_gate or len(members) != story.size:
            return ()
        items = [self._recent[article_id][0] for article_id in members]
        side = spectral_split(self._pair_scores(items), settings.split_part, settings.split_ratio)
        if side is None:
            return ()
        leaving_at = side if 0 not in side else sorted(set(range(len(items))) - set(side))
        leaving = [items[position] for position in leaving_at]
        story_id = next(
            (
                item.article_id
                for item in leaving
                if item.article_id not in self._by_id and item.article_id not in self.topics
            ),
            None,
        )
        if story_id is None:  # every name is taken (each started a story): leave it be
            return ()
        part = self._open_story(story_id)
        for item in leaving:
            self._move(item, story, part)
        self.topics.join(story.id, part.id)
        return tuple(
            Move(item.article_id, story.id, part.id, self._score(item, [part])[0][1])
            for item in leaving
        )

    def _pair_scores(self, items: list[ArticleVector]) -> npt.NDArray[np.float64]:
        """Scores of articles with each other: text cosine and the story score's name and
        figure signals, dates weighted ``split_date_weight`` (see :meth:`_split`)."""
        settings = self.settings
        vectors = np.stack([item.vector for item in items]).astype(np.float64)
        scores = vectors @ vectors.T
        scores += settings.entity_weight * sparse.pair_cosines([item.entities for item in items])
        scores += settings.number_weight * sparse.pair_cosines([item.numbers for item in items])
        dated = [position for position, item in enumerate(items) if item.dates]
        for first, i in enumerate(dated):
            counts = dict.fromkeys(items[i].dates, 1)
            for j in dated[first + 1 :]:
                agree = dates_agree(items[j].dates, counts, settings.window_days)
                scores[i, j] += settings.split_date_weight * agree
                scores[j, i] += settings.split_date_weight * agree
        return scores

    def _text_cosines(self, items: list[ArticleVector], story: _Story) -> list[float]:
        """The text cosines of several articles with one story's centroid."""
        matrix = np.stack([item.vector for item in items])
        cosines: list[float] = (
            (matrix @ self._sums[story.slot]) / max(float(self._lengths[story.slot]), 1e-9)
        ).tolist()
        return cosines

    def _score_without(self, item: ArticleVector, story: _Story, time_share: float) -> float:
        """The article's score against its own story as if it had never joined."""
        if not self._free:
            self._grow()
        slot = self._free.pop()
        try:
            self._sums[slot] = self._sums[story.slot] - item.vector
            self._lengths[slot] = _row_length(self._sums[slot])
            rest = _Story(id=story.id, label=story.label, slot=slot, size=story.size - 1)
            rest.first, rest.last = story.first, story.last
            _take_away(rest, story, item)
            return self._score(item, [rest], time_share)[0][1]
        finally:
            self._free.append(slot)

    def _move(self, item: ArticleVector, source: _Story, target: _Story) -> None:
        """Take a remembered article out of ``source`` and add it to ``target``.

        The source keeps its time span and its place in the ANN index (a candidate finder
        only: scores use the exact sums), and looks for a new title if it loses its own.
        """
        self._sums[source.slot] -= item.vector
        self._lengths[source.slot] = _row_length(self._sums[source.slot])
        source.size -= 1
        _take_away(source, source, item)
        self._members[source.label].remove(item.article_id)
        if item.title is not None and source.title == item.title:
            source.title, source.title_score = None, -1.0
            for article_id in self._members[source.label]:
                self._retitle(source, self._recent[article_id][0])
        self._add(target, item)
        self._recent[item.article_id] = (item, target.label)
        self._members.setdefault(target.label, []).append(item.article_id)

    def _remember(self, item: ArticleVector, story: _Story) -> None:
        """Keep the article whole among the latest ``recent``, forgetting the oldest."""
        self._recent[item.article_id] = (item, story.label)
        self._members.setdefault(story.label, []).append(item.article_id)
        while len(self._recent) > self.settings.recent:
            self._forget(next(iter(self._recent)))

    def _forget(self, article_id: str) -> None:
        """Stop remembering an article: it stays in its story for good."""
        kept = self._recent.pop(article_id, None)
        if kept is None:
            return
        members = self._members.get(kept[1])
        if members is not None:
            members.remove(article_id)
            if not members:
                del self._members[kept[1]]

    # --- state changes -----------------------------------------------------------------------

    def _open_story(self, story_id: str) -> _Story:
        if not self._free:
            self._grow()
        story = _Story(id=story_id, label=self._next_label, slot=self._free.pop())
        self._next_label += 1
        self._sums[story.slot] = 0.0
        self._lengths[story.slot] = 0.0
        self._open[story.label] = story
        self._by_id[story_id] = story
        self.topics.add(story_id)
        return story

    def _grow(self) -> None:
        rows = len(self._sums)
        grown = np.zeros((2 * rows, self.settings.dim), dtype=np.float32)
        grown[:rows] = self._sums
        self._sums = grown
        self._lengths = np.concatenate([self._lengths, np.zeros(rows, dtype=np.float32)])
        self._free.extend(range(2 * rows - 1, rows - 1, -1))

    def _add(self, story: _Story, item: ArticleVector) -> None:
        self._sums[story.slot] += item.vector
        self._lengths[story.slot] = _row_length(self._sums[story.slot])
        sparse.accumulate(story.kinds, item.kinds)
        story.size += 1
        sparse.accumulate(story.entities, item.entities)
        sparse.accumulate(story.numbers, item.numbers)
        story.entity_norm = sparse.length(story.entities)
        story.number_norm = sparse.length(story.numbers)
        for date in item.dates:
            story.dates[date] = story.dates.get(date, 0) + 1
        if len(story.dates) > 2 * _DATES_KEPT:
            story.dates = dict(sorted(story.dates.items(), key=lambda kv: -kv[1])[:_DATES_KEPT])
        if item.published is not None:
            story.first = min(story.first or item.published, item.published)
            story.last = max(story.last or item.published, item.published)
        self._open.move_to_end(story.label)
        self._post(story, item)
        self._reindex(story)
        self._retitle(story, item)

    def _post(self, story: _Story, item: ArticleVector) -> None:
        for key in sparse.salient(item.entities)[: self.settings.salient]:
            posting = self._postings.setdefault(key, [])
            if story.label not in posting:
                posting.append(story.label)
                del posting[: -self.settings.per_entity]
        if len(self._postings) > self._sweep_at:
            self._sweep()

    def _sweep(self) -> None:
        """Drop candidate lists that name closed stories only (amortised: the threshold
        doubles past what survives, so each entry is swept a bounded number of times)."""
        kept = {}
        for key, labels in self._postings.items():
            alive = [label for label in labels if label in self._open]
            if alive:
                kept[key] = alive
        self._postings = kept
        self._sweep_at = max(10_000, 2 * len(kept))

    def _reindex(self, story: _Story) -> None:
        """Write the story's folded centroid to the ANN index at sizes 1, 2, 4, 8, 16...

        A large story's centroid barely moves with one more article, so rewriting it every time
        would cost without changing which stories the index finds.
        """
        if story.indexed_size and story.size < 2 * story.indexed_size:
            return
        vector = self._fold(self._sums[story.slot])
        if story.indexed_size:
            self._index.update(story.label, vector)
        else:
            self._index.add(story.label, vector)
        story.indexed_size = story.size

    def _retitle(self, story: _Story, item: ArticleVector) -> None:
        if not item.title:
            return
        centroid = self._sums[story.slot]
        score = float(centroid @ item.vector) / max(float(np.linalg.norm(centroid)), 1e-9)
        if score > story.title_score:
            story.title, story.title_score = item.title, score

    def _link_topics(self, story: _Story, scored: list[tuple[_Story, float]], is_new: bool) -> None:
        """Join the topics of stories that tell the same kind of event as this one.

        Kind is compared on the heaviest words outside entity names ("storm", "flood",
        "strike", "union"), so two storms with different names and places still match.
        """
        settings = self.settings
        topic = self.topics.topic_of(story.id)
        others = [
            other
            for other, _score in scored
            if other is not story
            and (is_new or other.size > 1)
            and self.topics.topic_of(other.id) != topic
        ]
        if not others:
            return
        text = self._cosines(story, others)
        for other, cosine in zip(others, text, strict=True):
            if cosine < settings.topic_floor:
                continue
            if (
                cosine >= settings.topic_text
                or sparse.similarity(story.kinds, other.kinds) >= settings.topic_threshold
            ):
                self.topics.join(story.id, other.id)

    def _cosines(self, story: _Story, others: list[_Story]) -> list[float]:
        """Cosines of the centroid of ``story`` with the centroids of ``others``."""
        slots = [other.slot for other in others]
        norms = np.maximum(self._lengths[slots] * self._lengths[story.slot], 1e-9)
        cosines: list[float] = ((self._sums[slots] @ self._sums[story.slot]) / norms).tolist()
        return cosines

    def _alone(self, article_id: str, note: str) -> Assignment:
        """A story of one article that nothing can join (no text, another language)."""
        self.topics.add(article_id)
        return Assignment(article_id, article_id, self.topics.topic_of(article_id), 1.0, True, note)

    def _advance_clock(self, published: float | None) -> None:
        if published is not None and (self._newest is None or published > self._newest):
            self._newest = published

    def _close_idle(self) -> None:
        """Close the longest-idle stories beyond ``max_open`` and those idle past the limit."""
        limit = self.settings.close_after_days * DAY
        while self._open:
            story = next(iter(self._open.values()))
            stale = (
                self._newest is not None
                and story.last is not None
                and (self._newest - story.last > limit)
            )
            if len(self._open) <= self.settings.max_open and not stale:
                break
            self._close(story)

    def _close(self, story: _Story) -> None:
        del self._open[story.label]
        del self._by_id[story.id]
        for article_id in self._members.pop(story.label, []):
            del self._recent[article_id]
        if story.indexed_size:
            self._index.remove(story.label)
        self._free.append(story.slot)

    def _fold(self, vector: Vector) -> Vector:
        """The vector summed over ``dim / ann_dim`` blocks and scaled to unit length.

        Folding a hashed sketch gives a coarser sketch of the same weights: good enough to
        find candidates, which are then scored on the full vectors.
        """
        folded: Vector = vector.reshape(-1, self.settings.ann_dim).sum(axis=0, dtype=np.float32)
        norm = float(np.sqrt(folded.dot(folded)))  # np.linalg.norm's own computation, quicker
        return folded / np.float32(norm) if norm else folded


def _closeness(story: _Story, published: float, window: float) -> float:
    """1 for a published time inside the story's time span, falling to 0 ``window`` seconds
    outside it."""
    if story.first is None or story.last is None:
        return 0.0
    gap = max(story.first - published, published - story.last, 0.0)
    return max(0.0, 1.0 - gap / window)


def _row_length(row: Vector) -> np.float32:
    """Euclidean length of one centroid sum, computed the same way wherever it is kept.

    ``row.dot(row)`` costs a tenth of ``np.linalg.norm`` or an einsum on one row, which pay
    for argument handling that dwarfs 1,024 multiplications.
    """
    length: np.float32 = np.sqrt(row.dot(row))
    return length


def _recent_record(item: ArticleVector, label: int) -> list[object]:
    """A remembered article without its vector, as JSON (see :func:`_recent_item`)."""
    return [
        item.article_id,
        label,
        item.entities,
        item.numbers,
        item.kinds,
        sorted(item.dates),
        item.published,
        item.title,
    ]


def _recent_item(record: list[Any], vector: Vector) -> tuple[ArticleVector, int]:
    """The remembered article and story label that :func:`_recent_record` wrote."""
    article_id, label, entities, numbers, kinds, dates, published, title = record
    item = ArticleVector(
        article_id=article_id,
        vector=np.array(vector, dtype=np.float32),
        entities=entities,
        numbers=numbers,
        kinds=kinds,
        dates=frozenset(dates),
        published=published,
        title=title,
    )
    return item, int(label)


def _take_away(rest: _Story, story: _Story, item: ArticleVector) -> None:
    """Set ``rest``'s name, figure, kind and date sums to ``story``'s without ``item``'s.

    ``rest`` may be ``story`` itself. Sums trimmed to their heaviest keys lose only what they
    still hold; keys left at (about) zero go.
    """
    rest.entities = sparse.subtract(story.entities, item.entities)
    rest.numbers = sparse.subtract(story.numbers, item.numbers)
    rest.kinds = sparse.subtract(story.kinds, item.kinds)
    rest.entity_norm = sparse.length(rest.entities)
    rest.number_norm = sparse.length(rest.numbers)
    dates = {date: count - (date in item.dates) for date, count in story.dates.items()}
    rest.dates = {date: count for date, count in dates.items() if count > 0}
