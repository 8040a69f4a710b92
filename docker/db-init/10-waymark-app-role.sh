#!/bin/sh
# Run once by the postgres image when it creates an empty data volume
# (/docker-entrypoint-initdb.d). POSTGRES_USER (waymark) owns the database and
# every table: the `migrate` service and the backups connect as it
# (MIGRATE_DATABASE_URL). Here the role Waymark itself connects as is made:
# waymark_app, no superuser, owning nothing. What it may do on each table is
# granted by `migrate` (core/database_roles.py), after every migration.
set -eu
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE waymark_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    PASSWORD :'app_password';
-- Only the owner creates anything in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO waymark_app;
SQL
