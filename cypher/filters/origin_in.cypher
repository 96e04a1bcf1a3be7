// Filter: the enterprise's origin is one of $value (HONG_KONG, MAINLAND, OVERSEAS).
n.origin IN $value
