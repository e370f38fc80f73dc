"""Self-assessment questionnaires (issue 13): models, files, answers, service, follow-up."""
