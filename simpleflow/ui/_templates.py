"""The Jinja2 templates of the web view (autoescaped: their names end in ``.html``).

Kept in Python so the package needs no data files. Pages use no script and load nothing
from outside: inline styles only.
"""

# ruff: noqa: E501 - markup lines are kept whole, as they appear in the pages

from __future__ import annotations

__all__ = ["TEMPLATES"]

_BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{% if refresh %}<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}
<title>{% block title %}simpleflow{% endblock %} — simpleflow</title>
<style>
body{font:14px sans-serif;margin:0;color:#222}
header{background:#24292f;color:#fff;padding:8px 16px}
header a{color:#fff;text-decoration:none;margin-right:12px}
main{padding:12px 16px}
a{color:#0550ae}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.value{font-family:monospace;font-size:12px;max-width:28em;overflow-wrap:anywhere}
.state-completed,.status-COMPLETED{color:#1a7f37}
.state-failed,.state-schedule_failed,.state-start_failed,.status-FAILED{color:#cf222e}
.state-timed_out,.status-TIMED_OUT{color:#bc4c00}
.state-canceled,.state-terminated,.status-CANCELED,.status-TERMINATED{color:#6e7781}
.status-OPEN{color:#0969da}
form.filters label{margin-right:10px}
.error{background:#ffebe9;border:1px solid #ff8182;padding:8px 12px}
.notice{color:#57606a}
pre{background:#f6f8fa;padding:6px;overflow:auto;font-size:12px}
{{ timeline_style|safe }}
</style></head><body>
<header><a href="{{ url_for('ui.domains') }}"><b>simpleflow</b></a>
{% if domain %}<a href="{{ url_for('ui.executions', domain=domain) }}">{{ domain }}</a>{% endif %}
<span class="notice">read-only view</span></header>
<main>{% block main %}{% endblock %}</main></body></html>
"""

_DOMAINS = """{% extends "base.html" %}{% block title %}domains{% endblock %}
{% block main %}<h1>Domains ({{ status|lower }})</h1>
<p><a href="?status={{ 'DEPRECATED' if status == 'REGISTERED' else 'REGISTERED' }}">show
{{ 'deprecated' if status == 'REGISTERED' else 'registered' }} domains</a></p>
<table class="domains"><tr><th>name</th><th>status</th><th>description</th></tr>
{% for d in domains %}<tr><td><a href="{{ url_for('ui.executions', domain=d.name) }}">{{ d.name }}</a></td>
<td>{{ d.status }}</td><td>{{ d.description or '' }}</td></tr>
{% else %}<tr><td colspan="3">no domain</td></tr>{% endfor %}</table>
{% endblock %}"""

_EXECUTIONS = """{% extends "base.html" %}{% block title %}{{ domain }}{% endblock %}
{% block main %}<h1>Executions of {{ domain }}</h1>
<form class="filters" method="get">
<label>status <select name="status">{% for s in statuses %}
<option value="{{ s }}"{% if s == filters.status %} selected{% endif %}>{{ s|lower }}</option>{% endfor %}
</select></label>
<label>workflow id <input name="workflow_id" value="{{ filters.workflow_id or '' }}"></label>
<label>type <input name="type" value="{{ filters.type_name or '' }}" size="14"></label>
<label>version <input name="version" value="{{ filters.type_version or '' }}" size="6"></label>
<label>tag <input name="tag" value="{{ filters.tag or '' }}" size="10"></label>
<label>started after <input type="datetime-local" name="after" value="{{ after }}"></label>
<label>before <input type="datetime-local" name="before" value="{{ before }}"></label>
<button type="submit">filter</button></form>
<table class="executions"><tr><th>workflow id</th><th>run id</th><th>type</th><th>status</th>
<th>started (UTC)</th><th>closed (UTC)</th><th>tags</th></tr>
{% for ex in executions %}<tr class="execution">
<td><a href="{{ url_for('ui.execution', domain=domain, workflow_id=ex.workflow_id, run_id=ex.run_id) }}">{{ ex.workflow_id }}</a></td>
<td>{{ ex.run_id }}</td><td>{{ ex.workflow_type.name }} {{ ex.workflow_type.version }}</td>
<td class="status-{{ ex.close_status or ex.status }}">{{ ex.close_status or ex.status }}</td>
<td>{{ ex.start_timestamp|when }}</td><td>{{ ex.close_timestamp|when }}</td>
<td>{{ (ex.tag_list or [])|join(', ') }}</td></tr>
{% else %}<tr><td colspan="7">no execution matches</td></tr>{% endfor %}</table>
{% if next_page %}<p><a class="next" href="?{{ next_page }}">next page →</a></p>{% endif %}
{% endblock %}"""

_EXECUTION = """{% extends "base.html" %}{% block title %}{{ ex.workflow_id }}{% endblock %}
{% block main %}<h1>{{ ex.workflow_id }}</h1>
<table class="summary">
<tr><th>run id</th><td>{{ ex.run_id }}</td></tr>
<tr><th>type</th><td>{{ rows.workflow_type }} {{ rows.workflow_version }}</td></tr>
<tr><th>status</th><td class="status-{{ ex.close_status or ex.status }}">{{ ex.close_status or ex.status }}
{% if refresh %}<span class="notice">(refreshes every {{ refresh }} s)</span>{% endif %}</td></tr>
<tr><th>started</th><td>{{ rows.start|when }}</td></tr>
<tr><th>last event</th><td>{{ rows.end|when }} ({{ rows.event_count }} events)</td></tr>
<tr><th>tags</th><td>{{ rows.tags|join(', ') }}</td></tr>
{% if parent %}<tr><th>parent</th><td><a class="parent" href="{{ parent }}">{{ rows.parent[0] }} {{ rows.parent[1] }}</a></td></tr>{% endif %}
<tr><th>input</th><td class="value">{{ rows.input|value }}</td></tr>
{% if rows.close_status == 'COMPLETED' %}<tr><th>result</th><td class="value">{{ rows.result|value }}</td></tr>{% endif %}
{% if rows.close_reason %}<tr><th>reason</th><td class="value">{{ rows.close_reason }}</td></tr>{% endif %}
</table>
<p><a href="{{ url_for('ui.history', domain=domain, workflow_id=ex.workflow_id, run_id=ex.run_id) }}">raw history</a>
· timeline as <a href="{{ url_for('ui.timeline', domain=domain, workflow_id=ex.workflow_id, run_id=ex.run_id, fmt='svg') }}">SVG</a>
or <a href="{{ url_for('ui.timeline', domain=domain, workflow_id=ex.workflow_id, run_id=ex.run_id, fmt='html') }}">HTML</a></p>
<h2>Timeline</h2>
{{ timeline|safe }}
<h2>Tasks ({{ rows.rows|length }})</h2>
<table class="tasks"><tr><th>name</th><th>id</th><th>kind</th><th>state</th><th>attempts</th>
<th>input</th><th>result</th><th>reason</th><th>scheduled</th><th>started</th><th>closed</th></tr>
{% for row in tasks %}<tr class="task">
<td>{{ row.name }}</td>
<td>{% if row.kind == 'child' and row.run_id %}<a class="child" href="{{ url_for('ui.execution', domain=domain, workflow_id=row.key, run_id=row.run_id) }}">{{ row.key }}</a>{% else %}{{ row.key }}{% endif %}</td>
<td>{{ row.kind }}</td><td class="state-{{ row.state }}">{{ row.state }}</td>
<td>{{ row.tries|length }}</td>
<td class="value">{{ row.last.input|value }}</td><td class="value">{{ row.last.result|value }}</td>
<td class="value">{% for a in row.attempts if a.reason %}{% if a.number %}attempt {{ a.number }}: {% else %}not scheduled: {% endif %}{{ a.reason|value }}<br>{% endfor %}</td>
<td>{{ row.last.scheduled|when }}</td><td>{{ row.last.started|when }}</td><td>{{ row.last.closed|when }}</td></tr>
{% endfor %}</table>
{% if tasks_pages > 1 %}<p>tasks page {{ tasks_page }} of {{ tasks_pages }}:
{% for n in range(1, tasks_pages + 1) %}{% if n == tasks_page %}<b>{{ n }}</b>{% else %}<a href="?tasks={{ n }}">{{ n }}</a>{% endif %} {% endfor %}</p>{% endif %}
{% endblock %}"""

_HISTORY = """{% extends "base.html" %}{% block title %}history of {{ workflow_id }}{% endblock %}
{% block main %}<h1>History of <a href="{{ url_for('ui.execution', domain=domain, workflow_id=workflow_id, run_id=run_id) }}">{{ workflow_id }}</a></h1>
<p>run {{ run_id }}: events {{ first }}–{{ last }} of {{ total }}
{% if previous %}<a href="?page={{ previous }}">← previous</a>{% endif %}
{% if next %}<a href="?page={{ next }}">next →</a>{% endif %}</p>
{% for event in events %}<pre class="event">{{ event }}</pre>{% endfor %}
{% endblock %}"""

_ERROR = """{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}
{% block main %}<h1>{{ title }}</h1><p class="error">{{ message }}</p>
<p class="notice">Asked for: <code>{{ asked }}</code></p>{% endblock %}"""

TEMPLATES = {
    "base.html": _BASE,
    "domains.html": _DOMAINS,
    "executions.html": _EXECUTIONS,
    "execution.html": _EXECUTION,
    "history.html": _HISTORY,
    "error.html": _ERROR,
}
