"""The 客情 handbook engine: load YAML playbooks and quizzes, validate them, render pages."""
