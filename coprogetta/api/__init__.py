"""The REST API: thin views over the same selectors and services as the pages."""
