from .views import b2b, b2b_organise, calendar, events

app_name = "events"

# Each page module lists its own routes; they share the `events:` namespace.
urlpatterns = [*events.routes, *calendar.routes, *b2b.routes, *b2b_organise.routes]
