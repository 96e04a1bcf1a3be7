// An entity's page: both names, key facts, former names, its links grouped by kind
// (each with date, source, evidence, confidence), events attended as a timeline, and
// the graph of its neighbourhood.
import { errorBox, gql } from "./api";
import { h, replace, type Child } from "./dom";
import { displayName, evidenceLabel, kindLabel, lang, otherName, roleLabel, t, type Key } from "./i18n";
import { goToEntity, neighbourhoodView } from "./graph";
import { sortableTable } from "./table";
import { ENTITY_REF, entityLink, loading, sampleBadge, section, type EntityRef } from "./ui";

interface Link {
  type: string;
  date: string | null;
  source: string | null;
  evidence: string;
  confidence: number;
  isSample: boolean;
  role: string | null;
  need: string | null;
  project: string | null;
}
interface LinkConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: EntityRef & { date?: string | null }; link: Link }[];
}
interface FormerName {
  nameEn: string;
  nameZh: string | null;
  abbreviation: string | null;
  since: string | null;
  until: string;
  source: string | null;
}
type Entity = EntityRef & {
  __typename: string;
  description: string | null;
  source: string | null;
  aliases: string[];
  [field: string]: unknown;
};

const PAGE = 50;
// Named fragments: the server counts a fragment's fields once, and an entity page asks
// for up to seven lists (its field budget is 500).
const FRAGMENTS = `fragment Ref on Entity { ${ENTITY_REF} ... on Event { date } }
fragment L on Link { type date source evidence confidence isSample role need project }`;
const CONNECTION = `totalCount pageInfo { hasNextPage endCursor } edges { node { ...Ref } link { ...L } }`;
const LINKS = `(first: ${PAGE}) { ${CONNECTION} }`;

/** The next page of one list of an entity (``type`` and ``field`` from LISTS). */
const nextPage = (type: string, field: string): string => `query NextPage($id: ID!, $after: String) {
  node(id: $id) { ... on ${type} { ${field}(first: ${PAGE}, after: $after) { ${CONNECTION} } } } }
${FRAGMENTS}`;

// The lists of each kind, in the order they are shown, with their labels.
const LISTS: Record<string, [field: string, en: string, zh: string][]> = {
  Bureau: [
    ["departments", "Departments", "轄下部門"],
    ["successors", "Successors", "接手機構"],
    ["predecessors", "Predecessors", "前身機構"],
    ["eventsAttended", "Events attended", "出席活動"],
  ],
  Department: [
    ["needs", "Needs", "技術需要"],
    ["piloted", "Piloted with", "試行企業"],
    ["units", "Units", "轄下單位"],
    ["successors", "Successors", "接手機構"],
    ["predecessors", "Predecessors", "前身機構"],
    ["eventsOrganised", "Events organised", "舉辦活動"],
    ["eventsAttended", "Events attended", "出席活動"],
  ],
  Enterprise: [
    ["offers", "Offers", "提供技術"],
    ["pilotedBy", "Piloted by", "試行部門"],
    ["incubatedBy", "Incubated by", "培育機構"],
    ["memberOf", "Member of", "所屬機構"],
    ["eventsAttended", "Events attended", "出席活動"],
  ],
  Event: [
    ["organisers", "Organisers", "主辦"],
    ["coOrganisers", "Co-organisers", "協辦"],
    ["attendees", "Attendees", "出席者"],
  ],
  PartnerBody: [
    ["incubatees", "Incubatees", "培育企業"],
    ["members", "Members", "成員企業"],
    ["eventsOrganised", "Events organised", "舉辦活動"],
    ["eventsCoOrganised", "Events co-organised", "協辦活動"],
  ],
  Technology: [
    ["narrower", "Narrower technologies", "下層技術"],
    ["neededBy", "Needed by", "需要的部門"],
    ["offeredBy", "Offered by", "提供的企業"],
  ],
};

// Facts of each kind: [field, label key]; entity references are drawn as links.
const FACTS: Record<string, [string, Key][]> = {
  Bureau: [["supervisedBy", "supervisedBy"], ["established", "established"], ["dissolved", "dissolved"]],
  Department: [["bureau", "bureau"], ["parentDepartment", "parentDepartment"], ["established", "established"], ["dissolved", "dissolved"]],
  Enterprise: [["origin", "origin"], ["size", "size"], ["founded", "founded"]],
  Event: [["eventType", "eventType"], ["date", "date"], ["dateCertainty", "dateCertainty"], ["venue", "venue"], ["theme", "theme"]],
  PartnerBody: [["founded", "founded"], ["operatedBy", "operatedBy"]],
  Technology: [["broader", "broader"]],
};

const listFields = (type: string): string =>
  (LISTS[type] ?? []).map(([f]) => `${f}${LINKS}`).join(" ");

const QUERY = `query EntityPage($id: ID!) {
  node(id: $id) {
    __typename
    ... on Entity { ...Ref aliases description source }
    ... on Bureau { supervisedBy established dissolved formerNames { nameEn nameZh abbreviation since until source } ${listFields("Bureau")} }
    ... on Department { established dissolved formerNames { nameEn nameZh abbreviation since until source }
      bureau { ...Ref } parentDepartment { ...Ref } ${listFields("Department")} }
    ... on Enterprise { origin size founded ${listFields("Enterprise")} }
    ... on Event { eventType number date dateCertainty venue theme ${listFields("Event")} }
    ... on PartnerBody { founded operatedBy { ...Ref } ${listFields("PartnerBody")} }
    ... on Technology { broader { ...Ref } ${listFields("Technology")} }
  }
}
${FRAGMENTS}`;

/** Draws the page of entity ``id`` into ``main``. */
export async function entityView(main: HTMLElement, id: string): Promise<void> {
  replace(main, loading());
  const answer = await gql<{ node: Entity | null }>(QUERY, { id });
  const e = answer.data?.node;
  if (!e) {
    replace(main, section(id, errorBox(answer.errors) ?? h("p", {}, t("noResults"))));
    return;
  }
  document.title = `${displayName(e)} · ${t("appName")}`;
  const lists = LISTS[e.__typename] ?? [];
  const zh = lang() === "zh";
  replace(
    main,
    errorBox(answer.errors),
    header(e),
    neighbourhoodView(e, goToEntity),
    timeline(e),
    lists.map(([f, en, zhLabel]) =>
      linkList(e[f] as LinkConnection | undefined, zh ? zhLabel : en, `${e.id}-${f}`, (after) =>
        gql<{ node: Record<string, LinkConnection> | null }>(nextPage(e.__typename, f), { id: e.id, after }).then(
          (more) => more.data?.node?.[f] ?? null,
        ),
      ),
    ),
  );
}

function header(e: Entity): HTMLElement {
  const other = otherName(e);
  const facts: [string, Child][] = [
    [t("kind"), kindLabel(e.kind ?? "")],
    [t("abbreviation"), e.abbreviation ?? null],
    ...(FACTS[e.__typename] ?? []).map(([f, key]): [string, Child] => [t(key), fact(e[f])]),
    [t("source"), sourceCell(e.source)],
  ];
  const former = (e["formerNames"] as FormerName[] | undefined) ?? [];
  return h(
    "section",
    { class: "panel entity-head" },
    h(
      "h1",
      { class: "entity-name" },
      h("span", { class: `kind-dot kind-${e.kind ?? ""}` }),
      h("span", { class: "primary-name" }, displayName(e)),
      other ? h("span", { class: "other-name" }, other) : null,
      e.isSample ? sampleBadge() : null,
    ),
    e.description ? h("p", { class: "description" }, e.description) : null,
    h(
      "dl",
      { class: "facts" },
      facts.filter(([, v]) => v !== null && v !== undefined && v !== "").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
      e.aliases.length ? [h("dt", {}, t("aliases")), h("dd", {}, e.aliases.join(", "))] : null,
    ),
    former.length
      ? h(
          "div",
          {},
          h("h2", {}, t("formerNames")),
          h(
            "ul",
            { class: "former" },
            former.map((f) =>
              h(
                "li",
                {},
                `${f.nameEn}${f.nameZh ? ` / ${f.nameZh}` : ""}${f.abbreviation ? ` (${f.abbreviation})` : ""}`,
                ` — ${f.since ?? "…"} – ${f.until}`,
                f.source ? [" · ", sourceCell(f.source)] : null,
              ),
            ),
          ),
        )
      : null,
  );
}

/** A fact's value: an entity as a link, anything else as text. */
function fact(value: unknown): Child {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "id" in value) return entityLink(value as EntityRef);
  return String(value);
}

/** A source: a link when it is a web address, else the note as text. */
export function sourceCell(source: string | null | undefined): Child {
  if (!source) return null;
  return /^https?:\/\//.test(source) ? h("a", { href: source, rel: "noopener noreferrer", target: "_blank" }, source) : source;
}

function linkList(
  conn: LinkConnection | undefined,
  title: string,
  file: string,
  fetchMore: (after: string | null) => Promise<LinkConnection | null>,
): HTMLElement | null {
  if (!conn || conn.totalCount === 0) return null;
  type Row = LinkConnection["edges"][number];
  const rows = conn.edges.slice();
  let pageInfo = conn.pageInfo;
  const body = h("div", { class: "link-list" });
  const draw = (): void => {
    const more = h("button", { type: "button", class: "more" }, t("showMore"));
    more.addEventListener("click", () => {
      more.disabled = true;
      void fetchMore(pageInfo.endCursor).then((next) => {
        if (next) {
          rows.push(...next.edges);
          pageInfo = next.pageInfo;
        }
        draw();
        body.querySelector<HTMLButtonElement>("button.more")?.focus();
      });
    });
    replace(
      body,
      rows.length < conn.totalCount
        ? h("p", { class: "hint" }, t("showing").replace("{n}", String(rows.length)).replace("{total}", String(conn.totalCount)))
        : null,
      sortableTable<Row>(
        [
          { label: t("entity"), value: (r) => displayName(r.node), render: (r) => entityLink(r.node) },
          { label: t("date"), value: (r) => r.link.date ?? r.node.date ?? "" },
          { label: t("role"), value: (r) => (r.link.role ? roleLabel(r.link.role) : r.link.need ?? r.link.project ?? "") },
          { label: t("evidence"), value: (r) => evidenceLabel(r.link.evidence) },
          { label: t("confidence"), value: (r) => r.link.confidence, numeric: true },
          { label: t("source"), value: (r) => r.link.source ?? "", render: (r) => [sourceCell(r.link.source), r.link.isSample ? sampleBadge() : null] },
        ],
        rows,
        `${file.replace(/[^a-z0-9-]+/gi, "-")}.csv`,
      ),
      pageInfo.hasNextPage ? more : null,
    );
  };
  draw();
  return section(`${title} (${conn.totalCount})`, body);
}

function timeline(e: Entity): HTMLElement | null {
  const conn = e["eventsAttended"] as LinkConnection | undefined;
  if (!conn || conn.edges.length === 0) return null;
  const events = conn.edges
    .map((edge) => ({ edge, day: edge.link.date ?? edge.node.date ?? "" }))
    .sort((a, b) => a.day.localeCompare(b.day));
  return section(
    t("timeline"),
    h(
      "ol",
      { class: "timeline" },
      events.map(({ edge, day }) =>
        h(
          "li",
          {},
          h("time", { datetime: day }, day || "—"),
          entityLink(edge.node),
          edge.link.role ? h("span", { class: "role" }, roleLabel(edge.link.role)) : null,
        ),
      ),
    ),
  );
}
