"""The indexed replay gives exactly the plain reference replay's answers.

`Lifecycle.replay` uses indexes (clauses by the event names they wait for, a heap of
deadlines, counts by state, a retry heap within a day); `Lifecycle._replay(plain=True)`
reads the rules directly, rescanning every clause. On random logs (any events, allowed or
not, many on one day) both give the same snapshot, or refuse with the same error.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dealterms import (
    ContractState,
    Deadline,
    Event,
    Lifecycle,
    LifecycleEvent,
    LifecycleSnapshot,
    Money,
    Obligation,
    Power,
)
from dealterms.exceptions import InvalidTransitionError
from test_cases_symboleo import EFF, meat_sale


def owed(id: str, **kw: object) -> Obligation:
    fields: dict[str, object] = {
        "id": id,
        "obligor": "buyer",
        "obligee": "seller",
        "owed": Money.parse("1 USD"),
    }
    fields.update(kw)
    return Obligation(**fields)  # type: ignore[arg-type]


EXTRA = (
    owed("invoice", created_by="invoiced", deadline=Deadline(days=2)),
    owed("follow-up", created_by="invoice.fulfilled", deadline=Deadline(days=1)),
    owed("bonus", created_by="target-met", created_by_deadline=Deadline(days=3)),
    owed("notice", created_by="invoice.violated", takes_effect="noticed"),
    Power(
        id="extend",
        holder="seller",
        counterparty="buyer",
        effect="create_obligation",
        target="extra-work",
        created_by="invoice.fulfilled",
    ),
    owed("extra-work", created_by="extend.exerted", deadline=Deadline(days=3, after="scoped")),
)
BASE = meat_sale()
LIFECYCLES = [
    BASE,
    attrs.evolve(BASE, clauses=(*BASE.clauses, *EXTRA)),
    attrs.evolve(
        BASE,
        clauses=(*BASE.clauses, *EXTRA),
        end=EFF + timedelta(days=5),
        completion="nothing_creatable",
    ),
]
IDS = sorted({c.id for lc in LIFECYCLES for c in lc.clauses})
ACTIONS = ["trigger", "activate", "suspend", "resume", "fulfil", "violate", "expire", "exert",
           "discharge", "terminate", "rescind"]  # fmt: skip
WORDS = ["fulfilled", "violated", "exerted", "suspended", "resumed", "terminated"]
days = st.integers(0, 3).map(lambda n: EFF + timedelta(days=n))
entries = st.one_of(
    st.builds(
        LifecycleEvent,
        date=days,
        action=st.sampled_from([*ACTIONS, *["fulfil", "violate", "exert"] * 3]),
        target=st.sampled_from([None, *IDS]),
    ),
    st.builds(
        Event,
        date=days,
        name=st.one_of(
            st.sampled_from(["invoiced", "target-met", "noticed", "scoped"]),
            st.tuples(st.sampled_from(IDS), st.sampled_from(WORDS)).map(".".join),
        ),
    ),
)


def outcome(lc: Lifecycle, log: list[Event | LifecycleEvent], as_of: date, *, strict: bool,
            plain: bool) -> object:  # fmt: skip
    try:
        snap: LifecycleSnapshot = lc._replay(log, as_of, strict=strict, plain=plain)
    except InvalidTransitionError as e:
        return ("refused", str(e))
    return (snap.contract, snap.clauses, snap.steps, snap.positions())


SAME_DAY_CHAIN = [  # canonical order puts the fulfilment first; it waits for the violation
    LifecycleEvent(date=EFF, action="fulfil", target="late-payment"),
    LifecycleEvent(date=EFF, action="exert", target="suspend-delivery"),
    LifecycleEvent(date=EFF, action="violate", target="payment"),
    LifecycleEvent(date=EFF, action="exert", target="resume-delivery"),
]


@settings(max_examples=300)
@example(BASE, SAME_DAY_CHAIN, 0, True)
@example(BASE, SAME_DAY_CHAIN, 1, False)
@given(
    st.sampled_from(LIFECYCLES),
    st.lists(entries, max_size=30),
    st.integers(0, 6),
    st.booleans(),
)
def test_the_indexed_replay_equals_the_plain_one(
    lc: Lifecycle, log: list[Event | LifecycleEvent], n: int, strict: bool
) -> None:
    as_of = EFF + timedelta(days=n)
    fast = outcome(lc, log, as_of, strict=strict, plain=False)
    assert fast == outcome(lc, log, as_of, strict=strict, plain=True)


def test_a_long_chain_replays_to_success() -> None:
    chain = [owed("o0", deadline=Deadline(days=1))]
    chain += [owed(f"o{k}", created_by=f"o{k - 1}.fulfilled", deadline=Deadline(days=1))
              for k in range(1, 300)]  # fmt: skip
    lc = Lifecycle(clauses=tuple(chain), start=EFF)
    log = [LifecycleEvent(date=EFF + timedelta(days=k), action="fulfil", target=f"o{k}")
           for k in range(300)]  # fmt: skip
    last = EFF + timedelta(days=299)
    for plain in (False, True):
        snap = lc._replay(log, last, strict=True, plain=plain)
        assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
        assert snap.contract.since == last
    same_day = [attrs.evolve(e, date=EFF) for e in reversed(log)]  # worst order for a scan
    snap = lc.replay(same_day, as_of=EFF)
    assert snap.contract.state is ContractState.SUCCESSFULLY_TERMINATED
