"""Dataset generators and readers."""
