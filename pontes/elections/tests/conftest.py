from __future__ import annotations

import pytest

from pontes.elections.testing import sample_body
from pontes.participation.models import ConsultativeBody


@pytest.fixture
def body(world) -> ConsultativeBody:
    return sample_body(world.city)
