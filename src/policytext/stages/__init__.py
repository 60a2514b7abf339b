"""Pipeline stages: each module has run(doc) and adds to the PolicyDoc."""
