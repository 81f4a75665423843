"""Cue words: the verbs, nouns and phrases that introduce a quote or report a statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylens.analyze.quote_context import Context

_MENDED_LEMMAS = {("hop", form): "hope" for form in ("hoping", "hoped", "hopes")}
_MENDED_FROM = frozenset(lemma for lemma, _ in _MENDED_LEMMAS)
_PLACING = frozenset("on onto into under behind through over beside".split())  # "put it on"

#: Verbs that introduce a quote or report speech ("said", "told", "wrote", "insisted").
SPEECH_VERBS = frozenset(
    """
    say tell add write explain insist assert claim argue state declare note remark reply
    respond answer ask warn announce continue conclude recall admit acknowledge concede
    confirm deny complain joke quip muse observe point tweet post share testify stress
    emphasize emphasise repeat reiterate predict promise vow pledge urge caution boast brag
    comment describe call shout yell scream whisper mutter exclaim recount report suggest
    allege contend maintain counter retort plead lament agree interject chime mention
    reveal disclose concur protest object grumble sigh laugh marvel wonder speculate
    remember chant
    """.split()
)

#: Verbs whose clausal complement is an attributed statement or belief, besides speech.
REPORT_VERBS = SPEECH_VERBS | frozenset(
    """
    believe think feel know hope fear worry expect estimate suspect understand learn show
    find indicate signal hint imply guarantee assure decide doubt question assume determine
    realize realise recognize recognise remember notice hear read acknowledge project
    forecast prove demonstrate conclude charge accuse
    """.split()
)

#: Verbs whose object (with what follows it) is the statement: "urged Congress to act".
OBJECT_VERBS = frozenset(
    """
    announce praise criticize criticise mock thank blame accuse endorse back deny reject
    condemn dismiss defend describe discuss mention propose recommend demand urge question
    request cite slam blast attack applaud welcome hail predict promise warn call ask
    congratulate credit fault dispute acknowledge admit reveal disclose unveil
    show express recall denounce list tout repeat reiterate stress emphasize emphasise note
    tweet post share write report identify portray reference name outline detail highlight
    echo voice support oppose endorse favor favour prefer express answer highlight tout
    decry affirm contradict disavow rebut hail lament bemoan downplay recite recount
    label dub brand
    """.split()
)

#: Every verb that can cue a statement: of speech, of belief, or of stance with its object.
CUE_VERBS = REPORT_VERBS | OBJECT_VERBS

#: Verbs whose infinitive is the statement: "vowed to fight", and verbs that tell someone
#: to do something: "told schools to let ...".
INTENT_VERBS = frozenset(
    """
    promise vow pledge refuse decline threaten agree offer plan hope intend seek urge
    ask vote demand want wish decide choose aim expect prefer like love
    tell remind encourage persuade convince order instruct implore advise invite challenge
    beg
    """.split()
)

#: Verbs that say how something looks to someone unnamed: "the team seemed paralyzed".
APPEARANCE_VERBS = frozenset("seem appear".split())

#: Verbs whose passive reports a belief of people unnamed: "Trump is expected to win", "the
#: deal is seen as a victory", "Pigs are considered unclean by Muslims".
BELIEF_PASSIVES = frozenset(
    """
    expect consider know see view believe think say report rumor rumour regard deem
    perceive project predict estimate presume allege reckon understand describe portray
    judge fear label brand
    """.split()
)

#: Adjectives of a stance or a state of mind: "critical of", "eager to", "confident that".
STANCE_ADJECTIVES = frozenset(
    """
    critical skeptical sceptical confident wary proud worried concerned angry upset furious
    optimistic pessimistic hopeful certain sure convinced adamant clear aware supportive
    opposed dismissive unhappy doubtful afraid fearful eager willing keen determined
    reluctant hostile sympathetic enthusiastic frustrated disappointed unsure uncertain
    nervous anxious insistent vocal adamant open candid honest upbeat bullish bearish
    """.split()
)

#: Adverbs that pass on what others say: "is reportedly spending".
HEARSAY_ADVERBS = frozenset("reportedly allegedly purportedly supposedly reputedly".split())

#: Nouns whose complement clause is a statement: "the claim that ...", "a plan to ...".
NOUN_CUES = frozenset(
    """
    statement claim plan decision idea proposal notion report promise suggestion concern
    comment desire belief assertion accusation complaint doubt fear request argument pledge
    hope warning announcement allegation insistence vow assurance admission denial
    demand call message argument view opinion contention prediction expectation theory
    endorsement criticism question praise opposition defense defence thought apology retort
    rebuke critique assessment condemnation objection
    """.split()
)

#: Nouns naming where a statement was made: "In a poll, ...", "In her memoir, ...".
SOURCE_NOUNS = frozenset(
    """
    poll survey interview statement report letter tweet post memo email speech ad video
    filing study book memoir column editorial article op-ed release analysis lawsuit complaint
    """.split()
)

#: A verb and preposition whose object is the statement: "called for a ban".
PREP_CUES = frozenset(
    tuple(pair.split())
    for pair in """
    call for, ask about, talk about, speak about, speak of, comment on,
    complain about, warn about, warn of, warn against, refer to, argue for, argue against,
    push for, advocate for, apologize for, testify about, write about, joke about, point to,
    call on, focus on, agree with, respond to, reply to, ask for, rail against, hint at,
    weigh on, side with, vouch for, accuse of, criticize for, criticise for, blame for,
    praise for, thank for, attack for, blast for, slam for, fault for, congratulate for,
    see as, view as, describe as, portray as, cast as, regard as, dismiss as, label as,
    think about, worry about, disagree with, talk of, brag about, boast about,
    vote for, vote against, campaign for, campaign against, lash at, speak against, speak for
    """.split(",")
)


def is_cue(token: Token) -> bool:
    """A speech verb, "put it" as in "as she put it", or the "according" of "according to"."""
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = cue_lemma(token)
    return lemma in SPEECH_VERBS or (lemma == "put" and _puts_it(token))


def _puts_it(verb: Token) -> bool:
    """ "As Kell put it, ...", "Berg put it bluntly:" - but not "put it on the table"."""
    deps = {(c.dep_, c.lower_) for c in verb.children}
    placed = any(dep == "prt" or (dep == "prep" and word in _PLACING) for dep, word in deps)
    return ("dobj", "it") in deps and not placed


def cue_lemma(token: Token) -> str:
    """A word's lemma in lower case, mending the small model's slips on cue verbs
    ("hoping" -> "hop")."""
    lemma = token.lemma_.lower()
    if lemma in _MENDED_FROM:
        return _MENDED_LEMMAS.get((lemma, token.lower_), lemma)
    return lemma


def cue_text(ctx: Context, verb: Token) -> str:
    """The cue as written: the verb, with a particle or the people told ("told reporters")."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), verb)
        return ctx.text[verb.idx : to.idx + len(to.text)]
    last = verb
    for child in verb.rights:
        adjacent = child.i == last.i + 1
        if adjacent and child.dep_ == "prt":
            last = child
        elif adjacent and verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative"):
            if child.right_edge.i - child.i <= 2:
                last = child.right_edge
        else:
            break
    return ctx.text[verb.idx : last.idx + len(last.text)]
