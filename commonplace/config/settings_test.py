"""Settings for the test suite: the local profile, tuned for speed.

Whatever the environment says about the database and Redis still holds, so
the same suite runs on SQLite and on PostgreSQL + Redis.
"""

import os
import tempfile
from urllib.parse import urlsplit

os.environ["COMMONPLACE_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-site")

from commonplace.config.settings import *

# Argon2 is deliberately slow; tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each pytest-xdist worker gets its own uploads folder and its own SQLite
# file, so worker processes started by a test (the task worker) can reach
# the same test database.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"commonplace-test-media-{_WORKER}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{_WORKER}.sqlite3")}

if REDIS_URL:
    # Parallel workers must not take each other's jobs or cache entries:
    # each uses its own Redis database number.
    _DB_NUMBER = 1 + int(_WORKER.removeprefix("gw")) if _WORKER != "main" else 1
    _REDIS_TEST_URL = urlsplit(REDIS_URL)._replace(path=f"/{_DB_NUMBER}").geturl()
    CACHES["default"]["LOCATION"] = _REDIS_TEST_URL
    RQ_QUEUES["default"]["URL"] = _REDIS_TEST_URL
else:
    # The shared database cache (settings.py) needs the database, which most
    # tests never open; each test process may keep its own cache instead.
    # tests/scaled runs real processes with the shared one.
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
