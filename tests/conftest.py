"""The test suite's shared fixtures, registered once: each topic lives in `tests/fixtures/`.

The app runs on SQLite and, when PORTAL_TEST_DATABASE_URL is set, again on PostgreSQL, with a real
Meilisearch process, a real SMTP server, and Chromium for browser tests. Under CI=true a missing
part fails the run; on a developer's machine it skips with the reason.
"""

import pytest

# The helpers in tests/fixtures assert too: their failures explain themselves like a test's.
pytest.register_assert_rewrite("tests.fixtures")

pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.search",
    "tests.fixtures.mail",
    "tests.fixtures.accounts",
    "tests.fixtures.browser",
    "tests.fixtures.world",
    "tests.fixtures.demo_site",
]
