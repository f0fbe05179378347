"""Routing on the shared Stack Exchange dumps meets its target.

The ranker must find the accepted answerer with an MRR at least 1.3 times
the BM25 document model's, on the test split, on whichever database the
suite runs; docs/quality.md has the figures and the protocol.
"""

from __future__ import annotations

import re

import pytest

from commonplace.expertise.tests.replaying import routing_report
from commonplace.integrations.tests.dumps import dump_params, need

TARGET = 1.3
RATIO = re.compile(r"^MRR\(commonplace\) / MRR\(bm25\) = ([0-9.]+)", re.MULTILINE)


@pytest.mark.parametrize("dump", dump_params())
@pytest.mark.django_db
def test_the_ranker_beats_the_bm25_document_model_by_the_target(dump):
    need(dump)

    report = routing_report(dump)

    found = RATIO.search(report)
    assert found is not None, report
    assert float(found.group(1)) >= TARGET, report
