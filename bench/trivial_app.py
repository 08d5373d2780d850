"""The framework ceiling: a trivial Flask view, served by the same gunicorn setup as the portal.

`gunicorn --workers 2 bench.trivial_app:app`. It renders a short page from an inline template
(no database, no search engine, no extensions), so its throughput is what Flask, Werkzeug and a
sync gunicorn worker can do on this machine at all; the job and home pages are measured
against it.
"""

from __future__ import annotations

from flask import Flask, render_template_string

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
</main></body></html>"""
ITEMS = [f"Remote CPC coder {n}" for n in range(10)]


@app.route("/")
def index():
    return render_template_string(PAGE, title="Hello, coders", items=ITEMS)
