"""Writes: functions named <entity>_<verb>, keyword-only, with an actor, atomic."""
