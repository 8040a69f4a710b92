"""Forms validate and present; they never act. One module per area."""
