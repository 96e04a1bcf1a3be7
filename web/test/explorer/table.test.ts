// How a table's column sorts: numbers by value, text by collation, empty cells last.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Cell } from "../../src/explorer/csv";
import { compareCells } from "../../src/explorer/table";

/** The rows sorted as a header click sorts them (descending flips the comparison). */
const sorted = (cells: Cell[], ascending = true): Cell[] =>
  cells.slice().sort((a, b) => compareCells(a, b) * (ascending ? 1 : -1));

test("numbers sort by value, not as text", () => {
  assert.deepEqual(sorted([10, 9, 100, 0.5, -2]), [-2, 0.5, 9, 10, 100]);
  assert.deepEqual(sorted([10, 9, 100], false), [100, 10, 9]);
  assert.equal(compareCells(3, 3), 0);
});

test("text sorts by collation, not by code point", () => {
  // By code point "Z" < "a"; a reader expects a, b, Z.
  assert.deepEqual(sorted(["Zeta Labs", "beta Ltd", "Alpha Co"]), ["Alpha Co", "beta Ltd", "Zeta Labs"]);
  assert.ok(compareCells("Cyberport", "HKPC") < 0);
});

test("empty cells come after the rest when ascending", () => {
  assert.deepEqual(sorted([null, "b", "", "a", undefined]).slice(0, 2), ["a", "b"]);
  assert.deepEqual(sorted([3, null, 1]), [1, 3, null]);
  assert.equal(compareCells(null, ""), 0);
  assert.equal(compareCells(undefined, null), 0);
  assert.ok(compareCells("", "a") > 0);
  assert.ok(compareCells("a", null) < 0);
});

test("a number beside text, or a flag, compares as text", () => {
  assert.ok(compareCells(2, "10") > 0); // "2" after "10"
  assert.ok(compareCells(false, true) < 0);
});
