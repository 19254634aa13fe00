"""Stories: duplicates linked, reports of one event grouped across outlets and languages, ranked and threaded."""
