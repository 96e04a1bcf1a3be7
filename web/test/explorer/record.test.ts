// Where a server error is shown on a recording form: beside the field it names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { errorFields, fieldMessage } from "../../src/explorer/record";

test("the field the server names in extensions comes first", () => {
  assert.deepEqual(errorFields({ message: "x", extensions: { code: "BAD_USER_INPUT", field: "date" } }), ["date"]);
  assert.deepEqual(errorFields({ message: "x", extensions: { argument: "partyId/eventId" } }), ["partyId", "eventId"]);
});

test("an older server's message still names the field", () => {
  const bad = "Variable '$input' has invalid value at .date: Value cannot represent a Date";
  assert.deepEqual(errorFields({ message: bad }), ["date"]);
  const missing = "Expected value of type 'AttendanceInput' to include required field 'source', found";
  assert.deepEqual(errorFields({ message: missing }), ["source"]);
  assert.deepEqual(errorFields({ message: "Something else went wrong" }), []);
});

test("the message under a field drops GraphQL's preamble", () => {
  const bad = "Variable '$input' has invalid value at .date: Value cannot represent a Date";
  assert.equal(fieldMessage(bad), "Value cannot represent a Date");
  assert.equal(fieldMessage("No such event"), "No such event");
});
