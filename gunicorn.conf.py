"""gunicorn settings read from the working directory (`make run`, and production when started
from the checkout). The database gives up long before the worker timeout
(DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT), so a hung database shows the portal's
own 503 page; the timeout below only catches a request stuck elsewhere."""

timeout = 30
graceful_timeout = 20
