// Filter: the enterprise's size is one of $value (STARTUP, SME, LARGE).
n.size IN $value
