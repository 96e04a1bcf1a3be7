// Shared pieces of every view: how an entity is named and linked, the sample badge,
// and labelled form fields (every input has a real <label>, for screen readers and
// so the tests can find fields by their words).
import { h, uid, type Child } from "./dom";
import { codeLabel, displayName, kindLabel, otherName, t } from "./i18n";

export interface EntityRef {
  id: string;
  kind?: string;
  nameEn: string;
  nameZh?: string | null;
  abbreviation?: string | null;
  isSample?: boolean;
}

/** Fields every entity query asks for, so links and badges can be drawn anywhere. */
export const ENTITY_REF = "id kind nameEn nameZh abbreviation isSample";

/** The "Sample data" badge (the invented records must never pass for real ones). */
export function sampleBadge(): HTMLElement {
  return h("span", { class: "badge sample", title: t("sample") }, t("sample"));
}

/** The hash route of an entity's page. */
export function entityHref(id: string): string {
  return `#/entity/${encodeURIComponent(id)}`;
}

/** A link to an entity's page: its name in the chosen language, the other name
 *  beside it, and the sample badge when it is sample data. */
export function entityLink(e: EntityRef, withKind = false): HTMLElement {
  const other = otherName(e);
  return h(
    "span",
    { class: "entity-ref" },
    withKind && e.kind ? h("span", { class: `kind-dot kind-${e.kind}`, title: kindLabel(e.kind) }) : null,
    h("a", { href: entityHref(e.id) }, displayName(e)),
    other ? h("span", { class: "other-name" }, other) : null,
    e.isSample ? sampleBadge() : null,
  );
}

/** "English / 中文" for CSV cells, where both names help whoever opens the file. */
export function bothNames(e: EntityRef): string {
  return e.nameZh ? `${e.nameEn} / ${e.nameZh}` : e.nameEn;
}

/** A label and an input, tied by id. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  if (!input.id) input.id = uid("f");
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input);
}

/** A fieldset of checkboxes, one per value (e.g. relationship kinds), each labelled in
 *  words (``codeLabel``); the value sent stays the API's code. */
export function checkboxGroup(legend: string, name: string, values: string[], checked: string[] = []): HTMLElement {
  return h(
    "fieldset",
    { class: "checks" },
    h("legend", {}, legend),
    values.map((value) =>
      h("label", { class: "check" }, h("input", { type: "checkbox", name, value, checked: checked.includes(value) }), codeLabel(value)),
    ),
  );
}

/** "Showing the first 100 of 204", when a list was cut short; null when it is whole. */
export function partNote(shown: number, total: number): HTMLElement | null {
  if (shown >= total) return null;
  return h("p", { class: "part-note", role: "note" }, t("shownOf").replace("{n}", String(shown)).replace("{total}", String(total)));
}

/** A heading with a panel body; views put their answers in the body. */
export function section(title: string, ...children: (Child | Child[])[]): HTMLElement {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}

/** A "Loading…" line (role=status so screen readers hear it). */
export function loading(): HTMLElement {
  return h("p", { class: "loading", role: "status" }, t("loading"));
}

export const REL_TYPES = [
  "PART_OF",
  "ORGANISED",
  "CO_ORGANISED",
  "ATTENDED",
  "OFFERS",
  "NEEDS",
  "PILOTED",
  "INCUBATED_BY",
  "MEMBER_OF",
  "SUCCEEDED_BY",
  "MET",
];
export const EVIDENCE = ["RECORDED", "REPORTED", "INFERRED"];
