// Recording forms (editor role): an attendance, a need or an offer, with every entity
// picked by name from the suggestions (never typed as an id). The server is the judge
// of what is valid: its BAD_USER_INPUT errors name the input field they are about
// (`extensions.field`, or `argument`), and each is shown next to that field; access
// errors get the usual "needs the editor role" box at the top.
import { apiKey, errorBox, gql, isAccessError, type GqlError } from "./api";
import { h, replace, uid, type Child } from "./dom";
import { displayName, evidenceLabel, roleLabel, t, type Key } from "./i18n";
import { suggestBox, type Suggest } from "./search";
import { ENTITY_REF, EVIDENCE, entityHref, entityLink, sampleBadge, section, type EntityRef } from "./ui";
import { sourceCell } from "./entity";

type Form = "attendance" | "need" | "offer";

interface Spec {
  title: Key;
  mutation: string;
  inputType: string;
  /** Entities to pick: the input field, its label and the kinds the search offers. */
  picks: [name: string, label: Key, kinds: string[]][];
}

const SPECS: Record<Form, Spec> = {
  attendance: {
    title: "recordAttendance",
    mutation: "recordAttendance",
    inputType: "AttendanceInput",
    picks: [
      ["partyId", "party", ["BUREAU", "DEPARTMENT", "ENTERPRISE", "PARTNER_BODY"]],
      ["eventId", "event", ["EVENT"]],
    ],
  },
  need: {
    title: "recordNeed",
    mutation: "recordNeed",
    inputType: "NeedInput",
    picks: [
      ["departmentId", "department", ["DEPARTMENT"]],
      ["technologyId", "technology", ["TECHNOLOGY"]],
    ],
  },
  offer: {
    title: "recordOffer",
    mutation: "recordOffer",
    inputType: "OfferInput",
    picks: [
      ["enterpriseId", "enterprise", ["ENTERPRISE"]],
      ["technologyId", "technology", ["TECHNOLOGY"]],
    ],
  },
};
const FORMS = Object.keys(SPECS) as Form[];
const ROLES = ["ATTENDEE", "HOST", "SPEAKER", "EXHIBITOR"];

interface Recorded {
  replayed: boolean;
  link: {
    type: string;
    date: string | null;
    source: string | null;
    role: string | null;
    need: string | null;
    evidence: string;
    confidence: number;
    isSample: boolean;
  };
  fromEntity: EntityRef;
  toEntity: EntityRef;
}

/** A fresh idempotency key. Not crypto.randomUUID: that exists only in secure
 *  contexts, and the service is often reached over plain http on an office network. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The input field a server error is about, when it says: `extensions.field` (or
 *  `argument`) for rules the resolver checks, e.g. "source" or "partyId/eventId";
 *  for values GraphQL itself refused (a date in a bad form, a missing field) only the
 *  message names it ("... invalid value at .date: ..."). */
export function errorFields(error: GqlError): string[] {
  const named = error.extensions?.["field"] ?? error.extensions?.["argument"];
  if (typeof named === "string" && named) return named.split("/");
  const at = /invalid value at \.(\w+)/.exec(error.message) ?? /required field '(\w+)'/.exec(error.message);
  return at?.[1] ? [at[1]] : [];
}

/** The message as shown under its field, without GraphQL's "Variable '$input' has
 *  invalid value at .date:" preamble (the field is the one it sits under). */
export function fieldMessage(message: string): string {
  return message.replace(/^Variable '\$\w+' has invalid value at \.\w+: /, "");
}

/** Draws the recording view into ``main`` with the ``form`` tab open. */
export function recordView(main: HTMLElement, form: string): void {
  const current: Form = FORMS.includes(form as Form) ? (form as Form) : "attendance";
  const tabs = h(
    "div",
    { class: "tabs", role: "tablist" },
    FORMS.map((id) =>
      h(
        "a",
        { role: "tab", href: `#/record/${id}`, "aria-selected": String(id === current), class: id === current ? "active" : null },
        t(SPECS[id].title),
      ),
    ),
  );
  replace(
    main,
    section(
      t("recordTitle"),
      h("p", {}, t("recordIntro")),
      apiKey() ? null : h("p", { class: "warning", role: "note" }, t("recordNoKey")),
      tabs,
      recordForm(SPECS[current], current),
    ),
  );
}

function recordForm(spec: Spec, kind: Form): HTMLElement {
  // One slot per input field for the server's words about it.
  const slots = new Map<string, { wrap: HTMLElement; message: HTMLElement; input: HTMLElement }>();
  const wrap = (name: string, input: HTMLElement, control: HTMLElement): HTMLElement => {
    const message = h("p", { class: "field-error", id: uid(`err-${name}`), hidden: true });
    const box = h("div", { class: "record-field", "data-field": name }, control, message);
    slots.set(name, { wrap: box, message, input });
    return box;
  };
  const labelled = (name: string, label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement => {
    input.id = uid(name);
    input.name = name;
    return wrap(name, input, h("div", { class: "field" }, h("label", { for: input.id }, label), input));
  };

  const pickers: [string, Suggest][] = spec.picks.map(([name, label, kinds]) => [name, suggestBox({ label: t(label), kinds })]);
  const role = h("select", {}, ROLES.map((r) => h("option", { value: r }, roleLabel(r))));
  const need = h("input", { type: "text", size: 40 });
  const source = h("input", { type: "text", size: 40, placeholder: "https://… / note" });
  // Plain text, not type=date: the server says what is wrong with a date it cannot read.
  const date = h("input", { type: "text", inputmode: "numeric", placeholder: "YYYY-MM-DD", size: 12 });
  const evidence = h("select", {}, h("option", { value: "" }, t("evidenceDefault")), EVIDENCE.map((e) => h("option", { value: e }, evidenceLabel(e))));
  const confidence = h("input", { type: "text", inputmode: "decimal", placeholder: "1", size: 6 });
  const sample = h("input", { type: "checkbox" });
  const submit = h("button", { type: "submit", class: "primary" }, t("recordButton"));
  const top = h("div", { class: "form-errors", "aria-live": "polite" });
  const result = h("div", { class: "record-result", "aria-live": "polite", tabindex: -1 });
  sample.id = uid("isSample");

  const form = h(
    "form",
    { class: `record-form record-${kind}`, novalidate: true },
    top,
    h("div", { class: "row" }, pickers.map(([name, s]) => wrap(name, s.input, s.element))),
    h(
      "div",
      { class: "row" },
      kind === "attendance" ? labelled("role", t("attendanceRole"), role) : null,
      kind === "need" ? labelled("need", t("needText"), need) : null,
      labelled("source", t("sourceField"), source),
      labelled("date", t("dateField"), date),
    ),
    h(
      "div",
      { class: "row" },
      labelled("evidence", t("evidenceField"), evidence),
      labelled("confidence", t("confidenceField"), confidence),
      wrap("isSample", sample, h("label", { class: "check", for: sample.id }, sample, " ", t("isSampleField"))),
    ),
    h("div", { class: "buttons" }, submit),
  );

  // One key per intended change: a double click or a retry after a lost answer is
  // written once; any edit makes it a new change.
  let key = newKey();
  form.addEventListener("input", () => (key = newKey()));
  form.addEventListener("change", () => (key = newKey()));

  const clear = (): void => {
    replace(top);
    for (const slot of slots.values()) {
      slot.message.hidden = true;
      slot.message.textContent = "";
      slot.input.removeAttribute("aria-invalid");
      slot.input.removeAttribute("aria-describedby");
      slot.wrap.classList.remove("invalid");
    }
  };
  /** Shows ``message`` next to field ``name``; false when there is no such field. */
  const fieldError = (name: string, message: string): boolean => {
    const slot = slots.get(name);
    if (!slot) return false;
    slot.message.textContent = slot.message.textContent ? `${slot.message.textContent} ${message}` : message;
    slot.message.hidden = false;
    slot.input.setAttribute("aria-invalid", "true");
    slot.input.setAttribute("aria-describedby", slot.message.id);
    slot.wrap.classList.add("invalid");
    return true;
  };
  const focusFirstInvalid = (): void => {
    form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clear();
    replace(result);
    const input: Record<string, unknown> = {};
    let missing = false;
    for (const [name, picker] of pickers) {
      const chosen = picker.chosen();
      if (chosen) input[name] = chosen.id;
      else missing = fieldError(name, t("chooseFromSuggestions")) || missing;
    }
    if (missing) {
      focusFirstInvalid();
      return;
    }
    if (kind === "attendance") input["role"] = role.value;
    if (kind === "need") input["need"] = need.value;
    input["source"] = source.value;
    input["date"] = date.value.trim() || null;
    input["evidence"] = evidence.value || null;
    // A number when it reads as one; otherwise the text as typed, so the server's
    // message about it lands next to this field.
    const c = confidence.value.trim();
    input["confidence"] = c === "" ? null : Number.isFinite(Number(c)) ? Number(c) : c;
    input["isSample"] = sample.checked;
    submit.disabled = true;
    submit.textContent = t("recording");
    void send(spec, input, key).then((answer) => {
      submit.disabled = false;
      submit.textContent = t("recordButton");
      const unplaced: GqlError[] = [];
      for (const error of answer.errors) {
        if (isAccessError(error)) {
          unplaced.push(error);
          continue;
        }
        const placed = errorFields(error).map((name) => fieldError(name, fieldMessage(error.message)));
        if (!placed.some(Boolean)) unplaced.push(error);
      }
      replace(top, errorBox(unplaced));
      if (answer.errors.length) {
        focusFirstInvalid();
        return;
      }
      const recorded = answer.data?.result;
      if (!recorded) return;
      key = newKey(); // the next submit is a new fact
      replace(result, summary(recorded));
      result.focus();
    });
  });
  return h("div", {}, form, result);
}

async function send(spec: Spec, input: Record<string, unknown>, key: string) {
  return gql<{ result: Recorded | null }>(
    `mutation Record($input: ${spec.inputType}!, $key: String) {
      result: ${spec.mutation}(input: $input, idempotencyKey: $key) {
        replayed
        link { type date source role need evidence confidence isSample }
        fromEntity { ${ENTITY_REF} } toEntity { ${ENTITY_REF} } } }`,
    { input, key },
  );
}

function summary(r: Recorded): HTMLElement {
  const l = r.link;
  return h(
    "div",
    { class: "panel recorded", role: "status" },
    h(
      "p",
      { class: "recorded-fact" },
      h("strong", {}, t("recorded")),
      " ",
      entityLink(r.fromEntity, true),
      " ",
      h("code", {}, l.type),
      " ",
      entityLink(r.toEntity, true),
    ),
    r.replayed ? h("p", { class: "hint" }, t("recordedReplay")) : null,
    h(
      "dl",
      { class: "facts" },
      (
        [
          [t("role"), l.role],
          [t("need"), l.need],
          [t("date"), l.date],
          [t("evidence"), l.evidence],
          [t("confidence"), String(l.confidence)],
          [t("source"), sourceCell(l.source)],
          // The link's own flag, apart from its ends' badges above.
          [t("sample"), l.isSample ? sampleBadge() : null],
        ] as [string, Child][]
      )
        .filter(([, v]) => v !== null && v !== undefined && v !== "")
        .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
    ),
    h(
      "p",
      {},
      `${t("openEntity")} `,
      h("a", { href: entityHref(r.fromEntity.id), class: "open-recorded" }, displayName(r.fromEntity)),
      " · ",
      h("a", { href: entityHref(r.toEntity.id) }, displayName(r.toEntity)),
    ),
    h("p", { class: "hint" }, t("recordAnother")),
  );
}
