// How many __KIND__ nodes pass the list's filter (the filter placeholder; true for none).
MATCH (n:__KIND__)
WHERE __FILTER__
RETURN count(n) AS total
