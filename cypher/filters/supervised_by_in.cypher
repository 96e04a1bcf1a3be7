// Filter: the bureau is supervised by one of $value (CS, FS). coalesce keeps the answer
// true or false for a bureau with none recorded (a former one), so NOT works on it too.
coalesce(n.supervised_by, '') IN $value
