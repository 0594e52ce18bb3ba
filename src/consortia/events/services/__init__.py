"""Every write of events, registrations, B2B sessions and calendar feeds, one module per area."""
