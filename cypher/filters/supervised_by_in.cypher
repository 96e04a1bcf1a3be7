// Filter: the bureau is supervised by one of $value (CS, FS).
n.supervised_by IN $value
