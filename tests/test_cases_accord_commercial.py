"""Public cases from the Accord Project's commercial templates (public.md #7 and #9).

Instants are brought to calendar days by their local date: "2019-01-31T16:34:00-05:00" is
2019-01-31. The sources' floats (1020.0, 0.2) are exact `Decimal`s and `Money` here.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest

from dealterms import (
    Deal,
    MinimumCommitment,
    Money,
    Party,
    PaymentDue,
    ServiceCredit,
    ServiceLevel,
    State,
    Term,
    evaluate,
)
from dealterms.exceptions import InvalidValueError

# -- #7: a binding supply forecast is a minimum purchase commitment ---------------------------


def forecast_commitment(deadline: str) -> MinimumCommitment:
    return MinimumCommitment(
        id="binding-forecast",
        obligor="peter",
        obligee="dan",
        metric="purchases",
        start="2018-01-01",  # calendar quarters; the purchase obligation names year and quarter
        period="quarterly",
        forecast_share="85%",
        consequence="none",  # the template states none
        forecast_deadline=deadline,  # type: ignore[arg-type]
        source="Accord Project demandforecast / supplyagreement (public case #7)",
    )


def test_case_7_not_enforced_forecast_binds_85_percent() -> None:
    mc = forecast_commitment("not_enforced")
    # demandforecast: now 2018-01-02, forecast 1200 -> requiredPurchase 1020.00
    assert mc.required("2018-01-02", forecast=1200) == Decimal("1020.00")
    # supplyagreement: now 2019-01-31 -> {party PETER, 1020.0, year 2019, quarter 1}
    window = mc.window("2019-01-31")
    assert (window.period.start.year, (window.period.start.month - 1) // 3 + 1) == (2019, 1)
    result = mc.assess(on="2019-01-31", actual=0, forecast=1200, forecast_received="2019-01-31")
    assert result.minimum == Decimal("1020.0")
    assert mc.obligor == "peter"
    assert "not enforced" in result.because


def test_case_7_enforced_deadline_rejects_the_late_forecast() -> None:
    mc = forecast_commitment("enforced")
    # The forecast for 2019 Q1 was due by the last day of 2018 Q4.
    with pytest.raises(InvalidValueError, match="due by 2018-12-31 but arrived on 2019-01-31"):
        mc.required("2019-01-31", forecast=1200, forecast_received="2019-01-31")
    assert mc.required("2019-01-31", forecast=1200, forecast_received="2018-12-31") == 1020
    with pytest.raises(InvalidValueError, match="say when the forecast arrived") as e:
        mc.required("2019-01-31", forecast=1200)
    assert e.value.path == "forecast_received"


def test_case_7_enforced_first_deadline_is_the_contracts_date() -> None:
    # The text's first deadline ("on or before 04/02/2018") is ambiguous between two
    # calendars; a named first deadline replaces "the day before the first quarter".
    mc = attrs.evolve(forecast_commitment("enforced"), first_forecast_due="2018-01-02")
    assert mc.required("2018-01-02", forecast=1200, forecast_received="2018-01-02") == 1020
    with pytest.raises(InvalidValueError, match="due by 2018-01-02"):
        mc.required("2018-01-02", forecast=1200, forecast_received="2018-01-03")


def test_case_7_shortfall_against_the_forecast() -> None:
    mc = forecast_commitment("not_enforced")
    result = mc.assess(on="2019-02-15", actual=1000, forecast=1200)
    assert (result.shortfall, result.met) == (Decimal("20.00"), False)
    assert mc.assess(on="2019-02-15", actual=1020, forecast=1200).met


# -- #9: service-level credits with a monthly and a rolling 12-month cap ----------------------


def sla(row2_credit: str = "3%") -> ServiceCredit:
    return ServiceCredit(
        id="service-credits",
        provider="provider",
        customer="consumer",
        levels=(
            ServiceLevel(target="99.8%", credit="2%"),
            ServiceLevel(target="98.0%", credit=row2_credit),
        ),
        monthly_cap="10%",
        rolling_cap="10%",
        rolling_months=12,
        source="Accord Project servicelevelagreement (public case #9)",
    )


CHARGE = Money.parse("10 GBP")


def credit(clause: ServiceCredit, availability: str, **kw: Money) -> Money:
    return clause.assess(availability=availability, monthly_charge=CHARGE, **kw).credit


@pytest.mark.parametrize(
    ("availability", "expected"),
    [("100%", "0.00"), ("99.7%", "0.20"), ("97%", "0.30"), ("99.8%", "0.00")],
)
def test_case_9_logic_feature(availability: str, expected: str) -> None:
    # 99.8 exactly is not *below* the 99.8 target: no credit (the boundary case).
    assert credit(sla(), availability) == Money.parse(f"{expected} GBP")


def test_case_9_high_credit_is_capped_at_the_monthly_10_percent() -> None:
    d = Deal(
        id="sla",
        name="Service level agreement",
        parties=(
            Party(id="provider", name="Service Provider"),
            Party(id="consumer", name="Service Consumer"),
        ),
        term=Term(effective_date="2018-01-01"),
        clauses=(sla("11%"),),
    )
    [clause] = d.clauses
    assert isinstance(clause, ServiceCredit)
    result = clause.assess(availability="97%", monthly_charge=CHARGE)
    assert result.uncapped == Money.parse("1.1 GBP")
    assert result.credit == Money.parse("1 GBP")
    assert result.obligation == PaymentDue(
        payer="provider", payee="consumer", amount=Money.parse("1.00 GBP")
    )
    names = {p.id: p.name for p in d.parties}
    assert (names[result.obligation.payer], names[result.obligation.payee]) == (
        "Service Provider",
        "Service Consumer",
    )
    assert "capped at 10% of the month's charge" in result.because
    [e] = evaluate(d, State(as_of="2018-06-01")).for_clause("service-credits")
    assert e.in_force
    assert e.holder == "consumer"


def test_case_9_high_credit_rolling_window_cap() -> None:
    # min(1.1, 1.0, 10% × (110 + 10) − 11.01 = 0.99) = 0.99
    result = sla("11%").assess(
        availability="97%",
        monthly_charge=CHARGE,
        window_charges=Money.parse("110 GBP"),
        window_credits=Money.parse("11.01 GBP"),
    )
    assert result.credit == Money.parse("0.99 GBP")
    assert result.rolling_cap == Money.parse("0.99 GBP")
    assert "12-month window" in result.because


def test_case_9_high_credit_full_availability_and_a_bad_level() -> None:
    assert credit(sla("11%"), "100%") == Money.parse("0.0 GBP")
    with pytest.raises(
        InvalidValueError, match=re.escape("A service level must be at least 0% and at most 100%.")
    ) as e:
        credit(sla("11%"), "-10%")
    assert e.value.path == "availability"
