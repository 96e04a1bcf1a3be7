// CSV as Excel reads it: a BOM, RFC 4180 quoting, CRLF lines.
import assert from "node:assert/strict";
import { test } from "node:test";
import { csvField, toCsv } from "../../src/explorer/csv";

test("plain values are written as they are, empty ones as nothing", () => {
  assert.equal(csvField("Digital Policy Office"), "Digital Policy Office");
  assert.equal(csvField(3), "3");
  assert.equal(csvField(false), "false");
  assert.equal(csvField(null), "");
  assert.equal(csvField(undefined), "");
});

test("commas, quotes and line breaks are quoted, quotes doubled", () => {
  assert.equal(csvField("Innovation, Technology"), '"Innovation, Technology"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField("cr\rhere"), '"cr\rhere"');
});

test("a file starts with the BOM and ends every line with CRLF", () => {
  const text = toCsv(["name", "名稱"], [["Buildings Department", "屋宇署"], ["a,b", null]]);
  assert.ok(text.startsWith("\uFEFFname,名稱\r\n"));
  assert.equal(text, '\uFEFFname,名稱\r\nBuildings Department,屋宇署\r\n"a,b",\r\n');
});
