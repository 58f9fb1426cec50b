"""Coprogetta: co-design of social services between public bodies and the Third Sector."""
