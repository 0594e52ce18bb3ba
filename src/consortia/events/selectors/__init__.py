"""Every read of events, registrations, B2B sessions and agendas, one module per area."""
