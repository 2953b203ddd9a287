"""Heavy work runs in the worker process with a budget; an overrun is stopped, not waited for."""

from __future__ import annotations

import os
import time

import pytest

from core import offload

pytestmark = pytest.mark.skipif(offload.PROCESSES <= 0, reason="HEAVY_WORK_PROCESSES=0")


def test_work_runs_in_another_process():
    assert offload.run(os.getpid) != os.getpid()


def test_a_job_over_its_budget_is_stopped_and_the_pool_recovers():
    started = time.monotonic()
    with pytest.raises(offload.TimedOut):
        offload.run(time.sleep, 30, timeout=0.5)
    assert time.monotonic() - started < 10  # not the 30 s the job asked for
    assert offload.run(len, "あいう") == 3


def test_the_analyser_runs_in_the_pool_with_the_same_result():
    from simple_japanese import analyze

    text = "わたしは 毎日 日本語を 勉強します。"
    assert offload.run(analyze, text, target="N4").score == analyze(text, target="N4").score
