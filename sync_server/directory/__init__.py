"""The tenant directory (issue [15] scope 1): which database server and database each
tenant lives in, and the routing that sends every tenant scope there.

* ``models.py`` — ``db_servers`` and ``tenant_placements``, system tables.
* ``servers.py`` — adding, listing and checking database servers; their passwords come
  from ``/etc/bisama/servers/NAME.secret`` or ``BISAMA_SERVER_<NAME>_PASSWORD``, never
  from a table.
* ``services.py`` — ``Directory`` (per-(server, database) engine cache checked against
  the placement's epoch), ``engine_for``, ``placements``, the hook a tenant write
  transaction begins with (``on_tenant_transaction``), and keeping a tenant database's
  copy of its ``tenants`` row in step.
* ``placing.py`` — placing a new tenant (``tenant create --database-server``).
* ``move.py`` — moving a tenant between PostgreSQL servers while its tills push
  (``tenant move``), ``verify.py`` — the comparison it switches on, ``fence.py`` — the
  freeze (every tenant transaction's shared lock and ``tenant_fences`` read).

A single-server install has no rows here: a tenant without a placement lives on the
system database (server ``system``), as before.
"""
