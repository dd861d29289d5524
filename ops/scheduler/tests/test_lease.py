"""The scheduler lease: one holder at a time, renewed by its holder, taken over once it expires."""

from __future__ import annotations

import datetime

import pytest
from crontask.utils import LockError
from django.utils import timezone

from ops.scheduler.lease import DatabaseLease
from ops.scheduler.models import Lease

pytestmark = pytest.mark.django_db


def test_the_first_process_takes_the_lease_and_a_second_cannot() -> None:
    first, second = DatabaseLease("scheduler", 15), DatabaseLease("scheduler", 15)

    assert first.acquire()
    assert not second.acquire()
    assert Lease.objects.get().holder == first.holder


def test_the_holder_renews_its_lease() -> None:
    holder = DatabaseLease("scheduler", 15)
    holder.acquire()
    Lease.objects.update(expires_at=timezone.now() + datetime.timedelta(seconds=1))

    assert holder.extend(15, True)

    remaining = Lease.objects.get().expires_at - timezone.now()
    assert remaining > datetime.timedelta(seconds=14)


def test_a_standby_takes_over_an_expired_lease_and_the_old_holder_learns_it_lost() -> None:
    old, standby = DatabaseLease("scheduler", 15), DatabaseLease("scheduler", 15)
    old.acquire()
    Lease.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert standby.acquire()
    with pytest.raises(LockError, match="no longer held"):
        old.extend(15, True)
    assert not old.held()
    assert standby.held()


def test_releasing_lets_a_standby_in_at_once() -> None:
    holder, standby = DatabaseLease("scheduler", 15), DatabaseLease("scheduler", 15)
    holder.acquire()

    holder.release()

    assert standby.acquire()


def test_leases_of_different_names_are_independent() -> None:
    assert DatabaseLease("scheduler", 15).acquire()
    assert DatabaseLease("backup", 15).acquire()
