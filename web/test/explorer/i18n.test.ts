// Names in the chosen language, the other one beside it.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

// The page keeps its language in localStorage; Node has none.
const store = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
  },
});
const { displayName, otherName, kindLabel, roleLabel, evidenceLabel } = await import("../../src/explorer/i18n");

const dpo = { nameEn: "Digital Policy Office", nameZh: "數字政策辦公室" };
const firm = { nameEn: "Harbour Vision Limited", nameZh: null };

beforeEach(() => store.clear());

test("English by default, with the Chinese name beside it", () => {
  assert.equal(displayName(dpo), "Digital Policy Office");
  assert.equal(otherName(dpo), "數字政策辦公室");
  assert.equal(otherName(firm), null);
});

test("Chinese when chosen, falling back to English where there is none", () => {
  store.set("explorer.lang", "zh"); // i18n.ts's LANG_STORAGE
  assert.equal(displayName(dpo), "數字政策辦公室");
  assert.equal(otherName(dpo), "Digital Policy Office");
  assert.equal(displayName(firm), "Harbour Vision Limited");
  assert.equal(otherName(firm), null);
  assert.notEqual(kindLabel("Department"), "");
});

test("roles and evidence in words, in the chosen language; unknown values as they are", () => {
  assert.equal(roleLabel("EXHIBITOR"), "Exhibitor");
  assert.equal(evidenceLabel("INFERRED"), "Inferred");
  assert.equal(roleLabel("PANELLIST"), "PANELLIST");
  store.set("explorer.lang", "zh");
  assert.equal(roleLabel("SPEAKER"), "講者");
  assert.equal(evidenceLabel("RECORDED"), "有紀錄");
});
