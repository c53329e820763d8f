"""Settings of a mail worker that a test starts as a process of its own (test_outage.py).

The test settings, but a real SMTP backend: host and port of the test's SMTP server, and the
database the test shares with the worker, come from the environment.
"""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 5
