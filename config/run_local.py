"""``make run``: one command that serves Waymark on this machine with demo data.

Loads the settings (which start the embedded PostgreSQL and Redis when
DATABASE_URL / REDIS_URL are not set), migrates (as the owner of the tables),
seeds demo data (as Waymark's own database role, like everything after), then runs the
web server, a Celery worker and Celery beat, all pointed at the same database
and Redis. Ctrl-C stops all three, then the embedded servers.
"""

import os
import signal
import subprocess
import sys
import time

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("WAYMARK_DEMO", "1")
    os.environ.setdefault("DEBUG", "1")
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from accounts.demo import demo_sign_ins

    call_command("migrate", interactive=False, verbosity=1)
    if settings.WAYMARK_DEMO:
        call_command("seed_demo")

    # The children use the servers this process started instead of their own.
    # The worker's backups connect as the owner (MIGRATE_DATABASE_URL).
    env = dict(
        os.environ,
        DATABASE_URL=settings.DATABASE_URL,
        MIGRATE_DATABASE_URL=settings.MIGRATE_DATABASE_URL,
        REDIS_URL=settings.REDIS_URL,
    )
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "config"]
    commands = {
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [*celery, "beat", "--loglevel=INFO"],
        "web": [python, "manage.py", "runserver", f"{host}:{port}"],
    }
    children = {
        name: subprocess.Popen(command, env=env)  # noqa: S603 - our own fixed commands
        for name, command in commands.items()
    }

    print(f"\nWaymark is running at http://{host}:{port}/  (Ctrl-C stops everything)")
    if settings.WAYMARK_DEMO:
        print(f"Demo sign-ins (password: {settings.WAYMARK_DEMO_PASSWORD}):")
        for username, description in demo_sign_ins():
            print(f"  {username:<12} {description}")
    sys.stdout.flush()

    def stop(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exit_code = 0
    try:
        while True:
            for name, child in children.items():
                if child.poll() is not None:
                    print(
                        f"The {name} process stopped (exit {child.returncode}); stopping Waymark."
                    )
                    exit_code = child.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        print("Waymark stopped.")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
