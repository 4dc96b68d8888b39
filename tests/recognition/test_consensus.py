"""The consensus rule and the anonymous feedback of a review round, on worked cases (recognition/consensus.py)."""

from __future__ import annotations

from fractions import Fraction

from stdbridge.recognition.consensus import decide, feedback, median_degree
from stdbridge.recognition.model import Answer, ConsensusRule, EntryDegree

IDT, MOD, NEQ, NOT = EntryDegree.IDT, EntryDegree.MOD, EntryDegree.NEQ, EntryDegree.NOT_EQUIVALENT
PARTIES = ("CN", "RU")
TWO_THIRDS = ConsensusRule(share=Fraction(2, 3), min_answers=2, max_rounds=3)


def answers(cn: list[EntryDegree | None], ru: list[EntryDegree | None], entry_id: int = 1) -> list[Answer]:
    given = [("CN", d) for d in cn] + [("RU", d) for d in ru]
    return [
        Answer(5, entry_id, user, party, degree, None if degree is None else 3 + user % 3)
        for user, (party, degree) in enumerate(given, start=1)
    ]


def test_unanimous_parties_settle_on_their_degree() -> None:
    decision = decide(answers([IDT, IDT], [IDT, IDT]), PARTIES, TWO_THIRDS, round_number=1)
    assert (decision.outcome, decision.degree, decision.reasons) == ("settled", IDT, ())


def test_two_thirds_of_each_party_is_enough_and_a_half_is_not() -> None:
    assert decide(answers([MOD, MOD, NEQ], [MOD, MOD, IDT]), PARTIES, TWO_THIRDS, round_number=1).degree == MOD
    half = decide(answers([MOD, NEQ], [MOD, MOD]), PARTIES, TWO_THIRDS, round_number=1)
    assert (half.outcome, half.reasons) == ("open", (("CN", "no-majority"),))


def test_each_party_agreeing_on_a_different_degree_does_not_settle() -> None:
    decision = decide(answers([IDT, IDT], [MOD, MOD]), PARTIES, TWO_THIRDS, round_number=2)
    assert (decision.outcome, decision.reasons) == ("open", (("CN", "disagree"), ("RU", "disagree")))


def test_a_party_with_too_few_answers_holds_the_entry_back_even_when_unanimous() -> None:
    decision = decide(answers([MOD], [MOD, MOD, MOD]), PARTIES, TWO_THIRDS, round_number=1)
    assert (decision.outcome, decision.degree, decision.reasons) == ("open", None, (("CN", "too-few-answers"),))


def test_skips_do_not_count_as_answers() -> None:
    # three Chinese experts, two skip: one answer is fewer than two; the skips do not dilute the share either
    decision = decide(answers([MOD, None, None], [MOD, MOD]), PARTIES, TWO_THIRDS, round_number=1)
    assert decision.reasons == (("CN", "too-few-answers"),)
    decision = decide(answers([MOD, MOD, None], [MOD, MOD, None]), PARTIES, TWO_THIRDS, round_number=1)
    assert decision.degree == MOD


def test_all_skips_go_on_and_reach_no_consensus_in_the_last_round() -> None:
    skips = answers([None, None], [None, None])
    assert decide(skips, PARTIES, TWO_THIRDS, round_number=2).outcome == "open"
    last = decide(skips, PARTIES, TWO_THIRDS, round_number=3)
    assert (last.outcome, last.degree) == ("no-consensus", None)
    assert decide([], PARTIES, TWO_THIRDS, round_number=3).outcome == "no-consensus"


def test_a_tie_at_a_share_of_one_half_does_not_settle() -> None:
    half = ConsensusRule(share=Fraction(1, 2), min_answers=2, max_rounds=2)
    tie = decide(answers([MOD, NEQ], [MOD, NEQ]), PARTIES, half, round_number=1)
    assert (tie.outcome, tie.reasons) == ("open", (("CN", "tie"), ("RU", "tie")))
    # one party tied, the other clear: the common degree is the one both reach
    assert decide(answers([MOD, NEQ], [MOD, MOD]), PARTIES, half, round_number=1).reasons == (("CN", "tie"),)
    assert decide(answers([MOD, NEQ], [MOD, NEQ]), PARTIES, half, round_number=2).outcome == "no-consensus"


def test_three_parties_must_all_reach_the_share() -> None:
    three = ("CN", "RU", "JP")
    given = [*answers([NEQ, NEQ], [NEQ, NEQ]), Answer(5, 1, 9, "JP", NEQ, 2), Answer(5, 1, 10, "JP", NOT, 2)]
    assert decide(given, three, TWO_THIRDS, round_number=1).reasons == (("JP", "no-majority"),)
    given[-1] = Answer(5, 1, 10, "JP", NEQ, 2)
    assert decide(given, three, TWO_THIRDS, round_number=1).degree == NEQ


def test_median_and_spread_are_ordinal() -> None:
    assert median_degree([IDT, MOD, NOT]) == MOD
    assert median_degree([IDT, IDT, NOT, NOT]) == NOT  # the lower middle: the cautious claim
    shown = feedback(1, answers([IDT, NOT], [MOD, None]), PARTIES)
    assert (shown.median, shown.spread, shown.answers, shown.skips) == (MOD, 3, 3, 1)
    assert shown.by_party == {"CN": {"IDT": 1, "MOD": 0, "NEQ": 0, "not-equivalent": 1},
                              "RU": {"IDT": 0, "MOD": 1, "NEQ": 0, "not-equivalent": 0}}  # fmt: skip
    assert shown.skips_by_party == {"CN": 0, "RU": 1}


def test_feedback_names_nobody_and_keeps_only_the_entrys_answers() -> None:
    given = [
        Answer(5, 1, 11, "CN", MOD, 4, comment="zz: clause 5.2 adds a test at -40 °C"),
        Answer(5, 1, 12, "RU", MOD, 2, comment="  "),
        Answer(5, 1, 13, "RU", NEQ, 5, comment="aa: scope differs"),
        Answer(5, 2, 14, "CN", IDT, 5, comment="other entry"),
    ]
    shown = feedback(1, given, PARTIES)
    assert shown.comments == (("RU", "aa: scope differs"), ("CN", "zz: clause 5.2 adds a test at -40 °C"))
    assert (shown.confidence_median, shown.confidence_range) == (4.0, (2, 5))
    text = str(shown.to_json())
    assert "11" not in text.replace("'entry_id': 1", "") and "user" not in text
    assert shown.answers == 3
