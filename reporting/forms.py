"""Forms validate and present; they never act."""
