#!/bin/sh
# Creates (first run) and upgrades (every run) Temporal's two PostgreSQL databases with Temporal's own tool.
set -eu
SCHEMA=/etc/temporal/schema/postgresql/v12
tool() { temporal-sql-tool --plugin postgres12 --ep temporal-postgres -p 5432 -u temporal --pw "$SQL_PASSWORD" "$@"; }
for db in temporal temporal_visibility; do
  tool --db "$db" create-database || true
done
tool --db temporal setup-schema -v 0.0 || true
tool --db temporal update-schema -d "$SCHEMA/temporal/versioned"
tool --db temporal_visibility setup-schema -v 0.0 || true
tool --db temporal_visibility update-schema -d "$SCHEMA/visibility/versioned"
