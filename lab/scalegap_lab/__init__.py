"""scalegap lab: a ladder of tiny llama models trained from scratch on a synthetic corpus."""
