"""The job queue: long work (imports of uploaded catalogues, index rebuilds, batch comparisons) kept in the
database and run by the workers of any node.

- ``model``: the records (``Job``, its states and kinds, the role each kind needs);
- ``queue``: asking for jobs, reading, retrying and cancelling them, with the role checks and the audit entries;
- ``worker``: the workers (a thread of each ``stdbridge serve`` node, or ``stdbridge jobs work``), their
  heartbeats, and the sweep that marks failed the jobs of workers that died.

The store keeps the queue (``Store.add_job`` and the methods after it; ``store.jobs_sql``). It is a small queue on
the store rather than procrastinate: procrastinate runs on PostgreSQL alone (with its own schema, psycopg pool and
async worker), and the embedded default on SQLite must queue and run the same jobs; the queue is one table and
one claiming statement, tested on both.
"""

from stdbridge.jobs.model import Job, JobKind, JobQuery, JobState

__all__ = ["Job", "JobKind", "JobQuery", "JobState"]
