// Filter: the event is of one of the types $value.
n.event_type IN $value
