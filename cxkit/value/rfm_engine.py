"""The RFM summary computed inside the user's engine: one row per customer comes back.

For a lazy transaction table (DuckDB relation, Polars LazyFrame, Dask or
PySpark DataFrame) the definitions of :mod:`cxkit.value.rfm` run as three
aggregations in the engine:

1. purchases: ``GROUP BY customer, day`` with the sum of the amounts (the day
   is counted in days since 1970-01-01 from the date's parts,
   :mod:`cxkit.tables.engine_time`, so every engine computes it the same way);
2. births: ``GROUP BY customer`` with the first purchase day, joined back;
3. the summary: ``GROUP BY customer`` with the repeat purchases, the last
   calibration day, the repeat spend and the holdout purchases.

Only the per-customer table -- the input of the BG/NBD and Gamma-Gamma
likelihoods -- is collected. The checks of
:func:`cxkit.value.transactions.check_transactions` are counts in the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_columns
from ..tables.engine_time import civil_days

_EPOCH = pd.Timestamp("1970-01-01")


def _days(stamp: pd.Timestamp) -> float:
    return float((stamp.normalize() - _EPOCH).days)


def checked_transactions(tx, *, customer, date, amount):
    """The narwhals frame, its amount expression, and the first and last transaction days, after the checks."""
    import narwhals as nw

    frame = nw.from_native(tx)
    schema = frame.collect_schema()
    probe = pd.DataFrame(columns=pd.Index(list(schema.names()), dtype=object))
    for name, role in ((customer, "customer"), (date, "date"), (amount, "amount")):
        require_columns(probe, [name], role=role)
    if isinstance(schema[date], nw.Datetime) and schema[date].time_zone:
        raise CxkitValueError(f"date column {date!r} has a time zone ({schema[date].time_zone}); convert it to "
                              f"local dates without time zone first.")
    if not (isinstance(schema[date], nw.Datetime) or schema[date] == nw.Date):
        raise CxkitTypeError(f"date column {date!r} holds {schema[date]}, not dates; cxkit does not guess how "
                             f"dates are written: parse them first in the engine with an explicit format.")
    if schema[amount] == nw.Boolean or not schema[amount].is_numeric():
        raise CxkitTypeError(f"amount column {amount!r} must hold numbers; it holds {schema[amount]}.")
    money = nw.col(amount).cast(nw.Float64)
    bad_money = [("missing values", "every transaction needs an amount", money.is_null() | money.is_nan()),
                 ("infinite values", "amounts must be finite", money.abs() == float("inf")),
                 ("negative values", "amounts must be >= 0", money < 0)]
    checks = [nw.len().alias("rows"), nw.col(customer).is_null().cast(nw.Int64).sum().alias("no_customer"),
              nw.col(date).is_null().cast(nw.Int64).sum().alias("no_date"),
              nw.col(date).min().alias("first"), nw.col(date).max().alias("last")]
    checks += [condition.cast(nw.Int64).sum().alias(f"money{i}") for i, (_, _, condition) in enumerate(bad_money)]
    counts = frame.select(*checks).collect(backend="pandas").to_native().iloc[0]
    if counts["rows"] == 0:
        raise CxkitValueError("tx has no rows; the CLV functions need at least one transaction.")
    if counts["no_customer"]:
        raise CxkitValueError(f"customer column {customer!r} has {int(counts['no_customer'])} missing values; "
                              f"every transaction needs a customer.")
    if counts["no_date"]:
        raise CxkitValueError(f"date column {date!r} has {int(counts['no_date'])} missing dates; every "
                              f"transaction needs a date.")
    for i, (what, rule, _) in enumerate(bad_money):
        if counts[f"money{i}"]:
            raise CxkitValueError(f"amount has {int(counts[f'money{i}'])} {what}; {rule}.")
    return frame, money, pd.Timestamp(counts["first"]).normalize(), pd.Timestamp(counts["last"]).normalize()


def engine_customer_totals(tx, *, customer, date, amount):
    """Revenue and first purchase day (days since 1970-01-01) per customer, sorted by customer; the last day."""
    import narwhals as nw

    frame, money, _first, last = checked_transactions(tx, customer=customer, date=date, amount=amount)
    small = (frame.with_columns(civil_days(nw.col(date)).alias("__cx_day"), money.alias("__cx_spent"))
             .group_by(customer).agg(nw.col("__cx_spent").sum(), nw.col("__cx_day").min())
             .collect(backend="pandas").to_native().sort_values(customer))
    return small["__cx_spent"].to_numpy(dtype=float), small["__cx_day"].to_numpy(dtype=float), last


def engine_rfm(tx, *, customer, date, amount, cal_end: pd.Timestamp, obs_end: pd.Timestamp | None,
               unit: float) -> pd.DataFrame:
    """``x, t_x, T, mean_spend`` (and the holdout columns) per customer, aggregated in the engine."""
    import narwhals as nw

    frame, money, first_day, _last = checked_transactions(tx, customer=customer, date=date, amount=amount)
    if cal_end < first_day:
        raise CxkitValueError(f"calibration_end ({cal_end.date()}) is before the first transaction "
                              f"({first_day.date()}); it must be on or after it, so that the calibration "
                              f"period holds purchases.")

    cal, hold_end = _days(cal_end), None if obs_end is None else _days(obs_end)
    day, spent, birth = "__cx_day", "__cx_spent", "__cx_birth"
    purchases = (frame.with_columns(civil_days(nw.col(date)).alias(day), money.alias(spent))
                 .group_by(customer, day).agg(nw.col(spent).sum()))
    births = purchases.group_by(customer).agg(nw.col(day).min().alias(birth))
    joined = purchases.join(births, on=customer).filter(nw.col(birth) <= cal)
    in_cal = nw.col(day) <= cal
    repeat = in_cal & (nw.col(day) > nw.col(birth))
    derived = [repeat.cast(nw.Int64).alias("__cx_repeat"),
               nw.when(repeat).then(nw.col(spent)).otherwise(0.0).alias("__cx_repeat_spend"),
               nw.when(in_cal).then(nw.col(day)).otherwise(None).alias("__cx_cal_day")]
    aggregations = [nw.col(birth).min(), nw.col("__cx_repeat").sum().alias("x"),
                    nw.col("__cx_cal_day").max().alias("__cx_last"), nw.col("__cx_repeat_spend").sum()]
    if hold_end is not None:
        derived.append(((nw.col(day) > cal) & (nw.col(day) <= hold_end)).cast(nw.Int64).alias("__cx_hold"))
        aggregations.append(nw.col("__cx_hold").sum().alias("x_holdout"))
    small = (joined.with_columns(*derived).group_by(customer).agg(*aggregations)
             .collect(backend="pandas").to_native())
    small = small.set_index(customer).sort_index()
    x = small["x"].to_numpy(dtype=np.int64)
    first = small[birth].to_numpy(dtype=float)
    out = pd.DataFrame({
        "x": x,
        "t_x": (small["__cx_last"].to_numpy(dtype=float) - first) / unit,
        "T": (cal - first) / unit,
        "mean_spend": np.where(x > 0, small["__cx_repeat_spend"].to_numpy(dtype=float) / np.maximum(x, 1), 0.0),
    }, index=small.index)
    if hold_end is not None:
        out["x_holdout"] = small["x_holdout"].to_numpy(dtype=np.int64)
        out["duration_holdout"] = (hold_end - cal) / unit
    out.index.name = customer
    return out
