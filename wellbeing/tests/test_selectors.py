"""Who sees what of a check-in: the answerer everything, the partner only what was shared,
a member who only looks nothing, another household nothing at all."""

from __future__ import annotations

import pytest

from wellbeing import selectors
from wellbeing.exceptions import NotFound
from wellbeing.models import Visibility
from wellbeing.testing import make_check_in

SHOWN = {
    # level shared → (band shown, total and answers shown)
    Visibility.DONE: (False, False),
    Visibility.BAND: (True, False),
    Visibility.EVERYTHING: (True, True),
}


def test_the_answerer_sees_everything(people):
    row = make_check_in(people.alice, total=12, self_harm=1)
    view = selectors.check_in_for(people.alice, row.pk)
    assert view.is_own
    assert (view.total, view.band, view.self_harm_flag) == (12, "moderate", True)
    assert view.answers == tuple(row.answers)


def test_an_unshared_check_in_does_not_exist_for_the_partner(people):
    row = make_check_in(people.alice, partner=Visibility.NOTHING)
    with pytest.raises(NotFound):
        selectors.check_in_for(people.bob, row.pk)
    assert selectors.check_ins_visible_to(people.bob, people.alice) == []
    assert selectors.visible_check_ins(people.bob) == []


@pytest.mark.parametrize("level", [Visibility.DONE, Visibility.BAND, Visibility.EVERYTHING])
def test_the_partner_sees_exactly_what_was_shared(people, level):
    row = make_check_in(people.alice, total=12, self_harm=1, partner=level)
    shows_band, shows_all = SHOWN[level]
    for view in (
        selectors.check_in_for(people.bob, row.pk),
        selectors.check_ins_visible_to(people.bob, people.alice)[0],
        selectors.visible_check_ins(people.bob)[0],
    ):
        assert view.level == level and not view.is_own
        assert (view.band is not None, view.band_label is not None) == (shows_band, shows_band)
        assert (view.is_positive is not None) == shows_band
        assert (view.total is not None, view.answers is not None) == (shows_all, shows_all)
        assert (view.self_harm_flag is not None) == shows_all
        assert view.share_with_partner is None and view.share_with_reports is None


@pytest.mark.parametrize("level", list(Visibility))
def test_a_member_who_only_looks_sees_nothing(people, level):
    row = make_check_in(people.alice, partner=level)
    with pytest.raises(NotFound):
        selectors.check_in_for(people.vera, row.pk)
    assert selectors.visible_check_ins(people.vera) == []


@pytest.mark.parametrize("level", list(Visibility))
def test_another_household_sees_nothing(people, level):
    row = make_check_in(people.alice, partner=level)
    with pytest.raises(NotFound):
        selectors.check_in_for(people.charlie, row.pk)
    with pytest.raises(NotFound):
        selectors.check_ins_visible_to(people.charlie, people.alice)
    assert selectors.visible_check_ins(people.charlie) == []


def test_reports_follow_their_own_choice_not_the_partners(people):
    make_check_in(people.alice, total=12, partner=Visibility.EVERYTHING, reports=Visibility.NOTHING)
    make_check_in(people.alice, total=3, partner=Visibility.NOTHING, reports=Visibility.BAND)
    shown = selectors.check_ins_for_report(people.alice)
    assert len(shown) == 1
    assert shown[0].band == "below_mild" and shown[0].total is None
