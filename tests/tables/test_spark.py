"""The grouped tables on real PySpark (local mode) equal the pandas result.

Run by ``make test-spark``, which installs pyspark and needs Java; in the main
suite these tests are skipped when pyspark or Java is missing (the same code
path is tested without a JVM through sqlframe in test_engines.py).
"""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pytest

import cxkit as cx

pyspark_sql = pytest.importorskip("pyspark.sql")
if shutil.which("java") is None:  # pragma: no cover - depends on the machine
    pytest.skip("PySpark needs Java (a JRE 17 or newer on PATH); make test-spark says how to install it.",
                allow_module_level=True)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


@pytest.fixture(scope="module")
def spark():
    session = (pyspark_sql.SparkSession.builder.master("local[2]").appName("cxkit-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def answers():
    frame = cx.datasets.sample_survey(start="2026-07", months=3, responses_per_month=200, seed=13)
    frame = frame[["segment", "region", "answered_at", "nps_score", "csat_score", "ces_score"]].copy()
    frame["weight"] = np.random.default_rng(2).uniform(0.5, 2.0, len(frame))
    return frame.reset_index(drop=True)


def _table(data, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        return cx.summarize(data, **options)


@pytest.mark.parametrize("options", [
    dict(metric="nps", score="nps_score", by="segment", period="M", date="answered_at"),
    dict(metric="csat", score="csat_score", by="region", weights="weight"),
    dict(metric="ces", score="ces_score", statistic="mean", by="segment"),
])
def test_pyspark_equals_pandas(spark, answers, options):
    got = _table(spark.createDataFrame(answers), **options)
    want = _table(answers, **options)
    keys = [c for c in ("segment", "region", "period") if c in want.columns]
    got = got.sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    for key in keys:
        assert got[key].astype(str).tolist() == want[key].astype(str).tolist()
    columns = ["value", "low", "high", "n", "n_missing", "n_dropped"]
    np.testing.assert_allclose(got[columns].to_numpy(float), want[columns].to_numpy(float), rtol=1e-9,
                               equal_nan=True)


def test_pyspark_missing_column_reads_as_for_pandas(spark, answers):
    with pytest.raises(cx.CxkitValueError, match=r"score names column\(s\) 'nps_scor' that the data does not have"):
        cx.summarize(spark.createDataFrame(answers), score="nps_scor")
