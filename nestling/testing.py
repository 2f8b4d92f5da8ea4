"""People for tests: Alice owns a household, Bob is her invited partner, Vera can only look,
and Charlie has a household of his own that nobody else may ever see into."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from carelog.models import Baby
from households.models import Household, Membership

PASSWORD = "correct-horse-battery"


@dataclass
class Personas:
    household: Household
    baby: Baby
    alice: Membership
    bob: Membership
    vera: Membership
    charlie: Membership
    charlies_household: Household
    charlies_baby: Baby


def _member(household: Household, username: str, name: str, role: str) -> Membership:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    return Membership.objects.create(household=household, user=user, display_name=name, role=role)


def make_personas() -> Personas:
    household = Household.objects.create(name="Alice and Bob", time_zone="Europe/London")
    alice = _member(household, "alice", "Mum", Membership.Role.OWNER)
    bob = _member(household, "bob", "Dad", Membership.Role.PARENT)
    vera = _member(household, "vera", "Grandma", Membership.Role.VIEWER)
    baby = Baby.objects.create(household=household, name="Sam", birth_date=date(2026, 6, 20))
    other = Household.objects.create(name="Charlie's", time_zone="America/New_York", country="US")
    charlie = _member(other, "charlie", "Papa", Membership.Role.OWNER)
    charlies_baby = Baby.objects.create(household=other, name="Max", birth_date=date(2026, 8, 1))
    return Personas(household, baby, alice, bob, vera, charlie, other, charlies_baby)
