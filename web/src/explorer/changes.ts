// What changed: the change digest (changes / changesSinceEvent, analyst role) since a
// day or since a forum, counted by when things happened or by when they were recorded
// (basis), with counts, every list linking to its entities, and the new meetings as CSV.
import { errorBox, gql } from "./api";
import { h, replace } from "./dom";
import { displayName, t, type Key } from "./i18n";
import { sortableTable } from "./table";
import { trustFilter } from "./trust";
import { ENTITY_REF, bothNames, entityLink, field, loading, partNote, section, type EntityRef } from "./ui";

const R = `{ ${ENTITY_REF} }`;
const NEED = `department ${R} technology ${R} need link { date source }`;
const DIGEST = `since until
  counts { newMeetings newNeeds newOffers gapsClosed gapsOpened newParties firstTimeAttendees }
  newMeetings { date party ${R} enterprise ${R} event ${R} }
  newNeeds { ${NEED} }
  newOffers { enterprise ${R} technology ${R} }
  gapsClosed { need { ${NEED} } closedBy ${R} }
  gapsOpened { ${NEED} }
  newParties ${R}
  firstTimeAttendees ${R}`;
const BY_DATE = `query Changes($since: Date!, $until: Date, $trust: TrustFilter, $basis: ChangeBasis!) {
  digest: changes(since: $since, until: $until, trust: $trust, basis: $basis, first: 100) { ${DIGEST} } }`;
const BY_EVENT = `query ChangesSince($event: ID!, $until: Date, $trust: TrustFilter, $basis: ChangeBasis!) {
  digest: changesSinceEvent(event: $event, until: $until, trust: $trust, basis: $basis, first: 100) { ${DIGEST} } }`;
// The forums to count from, newest first (workshops are many and rarely a milestone).
const EVENTS = `{ events(first: 100, filter: { eventType: [TECHNOLOGY_FORUM] }, orderBy: { field: DATE, direction: DESC }) { edges { node { ${ENTITY_REF} ... on Event { date } } } } }`;

interface NeedChange {
  department: EntityRef;
  technology: EntityRef;
  need: string | null;
  link: { date: string | null; source: string | null };
}
interface NewMeeting {
  date: string | null;
  party: EntityRef;
  enterprise: EntityRef;
  event: EntityRef;
}
interface Digest {
  since: string;
  until: string | null;
  counts: Record<string, number>;
  newMeetings: NewMeeting[];
  newNeeds: NeedChange[];
  newOffers: { enterprise: EntityRef; technology: EntityRef }[];
  gapsClosed: { need: NeedChange; closedBy: EntityRef[] }[];
  gapsOpened: NeedChange[];
  newParties: EntityRef[];
  firstTimeAttendees: EntityRef[];
}

const COUNT_KEYS: Key[] = ["newMeetings", "newNeeds", "newOffers", "gapsClosed", "gapsOpened", "newParties", "firstTimeAttendees"];

/** Draws the "What changed" view into ``main``. */
export function changesView(main: HTMLElement): void {
  const since = h("input", { type: "date" });
  const until = h("input", { type: "date" });
  const forum = h("select", {}, h("option", { value: "" }, t("pickForum")));
  // HAPPENED files a fact under its own day; RECORDED under the day it was typed in, so
  // last year's sign-in sheet entered today is in today's digest.
  const basis = h(
    "select",
    { name: "basis" },
    h("option", { value: "HAPPENED" }, t("basisHappened")),
    h("option", { value: "RECORDED" }, t("basisRecorded")),
  );
  const go = h("button", { type: "submit", class: "primary" }, t("showChanges"));
  const out = h("div", { class: "results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "changes-form" },
    h(
      "div",
      { class: "row" },
      field(t("since"), since),
      field(t("until"), until),
      field(t("sinceForum"), forum),
      field(t("basis"), basis),
    ),
    h("div", { class: "buttons" }, go),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const common = { until: until.value || null, basis: basis.value };
    if (forum.value) void run(out, BY_EVENT, { event: forum.value, ...common });
    else if (since.value) void run(out, BY_DATE, { since: since.value, ...common });
    else replace(out, h("p", { class: "warning", role: "alert" }, t("needSince")));
  });
  // Picking a forum and typing a day are two ways to say "since": one clears the other.
  forum.addEventListener("change", () => {
    if (forum.value) since.value = "";
  });
  since.addEventListener("change", () => {
    if (since.value) forum.value = "";
  });
  replace(main, section(t("changesTitle"), form), out);
  void gql<{ events: { edges: { node: EntityRef & { date: string | null } }[] } }>(EVENTS).then((answer) => {
    for (const { node } of answer.data?.events.edges ?? []) {
      forum.append(h("option", { value: node.id }, `${node.date ?? ""} ${displayName(node)}${node.isSample ? ` (${t("sample")})` : ""}`));
    }
  });
}

async function run(out: HTMLElement, query: string, variables: Record<string, unknown>): Promise<void> {
  replace(out, loading());
  const answer = await gql<{ digest: Digest | null }>(query, { ...variables, trust: trustFilter() });
  const d = answer.data?.digest;
  replace(out, errorBox(answer.errors));
  if (!d) return;
  const needColumns = [
    { label: t("department"), value: (r: NeedChange) => bothNames(r.department), render: (r: NeedChange) => entityLink(r.department) },
    { label: t("technology"), value: (r: NeedChange) => bothNames(r.technology), render: (r: NeedChange) => entityLink(r.technology) },
    { label: t("need"), value: (r: NeedChange) => r.need },
    { label: t("date"), value: (r: NeedChange) => r.link.date },
  ];
  const entityList = (list: EntityRef[]): HTMLElement =>
    h("ul", { class: "entity-list" }, list.map((e) => h("li", {}, entityLink(e, true))));
  out.append(
    section(
      `${d.since} – ${d.until ?? "…"}`,
      h(
        "dl",
        { class: "counts" },
        COUNT_KEYS.flatMap((key) => [h("dt", {}, t(key)), h("dd", { "data-count": key }, String(d.counts[key] ?? 0))]),
      ),
    ),
    section(
      `${t("newMeetings")} (${d.counts["newMeetings"] ?? 0})`,
      sortableTable<NewMeeting>(
        [
          { label: t("party"), value: (r) => bothNames(r.party), render: (r) => entityLink(r.party) },
          { label: t("enterprise"), value: (r) => bothNames(r.enterprise), render: (r) => entityLink(r.enterprise) },
          { label: t("event"), value: (r) => bothNames(r.event), render: (r) => entityLink(r.event) },
          { label: t("date"), value: (r) => r.date },
          { label: t("sample"), value: (r) => (r.enterprise.isSample || r.party.isSample ? t("sample") : "") },
        ],
        d.newMeetings,
        `new-meetings-${d.since}.csv`,
      ),
      partNote(d.newMeetings.length, d.counts["newMeetings"] ?? 0),
    ),
    section(t("newNeeds"), sortableTable<NeedChange>(needColumns, d.newNeeds, `new-needs-${d.since}.csv`)),
    section(
      t("newOffers"),
      sortableTable<{ enterprise: EntityRef; technology: EntityRef }>(
        [
          { label: t("enterprise"), value: (r) => bothNames(r.enterprise), render: (r) => entityLink(r.enterprise) },
          { label: t("technology"), value: (r) => bothNames(r.technology), render: (r) => entityLink(r.technology) },
        ],
        d.newOffers,
        `new-offers-${d.since}.csv`,
      ),
    ),
    section(
      t("gapsClosed"),
      sortableTable<{ need: NeedChange; closedBy: EntityRef[] }>(
        [
          { label: t("department"), value: (r) => bothNames(r.need.department), render: (r) => entityLink(r.need.department) },
          { label: t("technology"), value: (r) => bothNames(r.need.technology), render: (r) => entityLink(r.need.technology) },
          { label: t("need"), value: (r) => r.need.need },
          {
            label: t("closedBy"),
            value: (r) => r.closedBy.map(bothNames).join("; "),
            render: (r) => h("span", { class: "ref-list" }, r.closedBy.map((e) => entityLink(e))),
          },
        ],
        d.gapsClosed,
        `gaps-closed-${d.since}.csv`,
      ),
    ),
    section(t("gapsOpened"), sortableTable<NeedChange>(needColumns, d.gapsOpened, `gaps-opened-${d.since}.csv`)),
    section(t("newParties"), entityList(d.newParties)),
    section(t("firstTimeAttendees"), entityList(d.firstTimeAttendees)),
  );
}
