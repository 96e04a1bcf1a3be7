// Filter: the event was held between $low and $high (ISO dates, inclusive).
n.date >= $low AND n.date <= $high
