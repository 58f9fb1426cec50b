"""The public pages: the home page (first steps, demo logins), the glossary, the accessibility
statement."""
