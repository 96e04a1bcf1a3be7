// The Smart Lab planner: the gap questions as sortable, exportable tables, and the
// invite list for the next forum (one `inviteList` query: the server gathers the
// recommended enterprises across needs, the page never joins answers itself).
import { errorBox, gql } from "./api";
import { checkedValues, h, replace } from "./dom";
import { codeLabel, displayName, t, type Key } from "./i18n";
import { suggestBox } from "./search";
import { sortableTable } from "./table";
import { trustFilter } from "./trust";
import { ENTITY_REF, bothNames, checkboxGroup, entityLink, field, loading, partNote, section, type EntityRef } from "./ui";

const R = `{ ${ENTITY_REF} }`;
type Tab = "unmet" | "coverage" | "unreached" | "partners" | "recommend" | "invite";
const TABS: [Tab, Key][] = [
  ["unmet", "unmetNeeds"],
  ["coverage", "technologyCoverage"],
  ["unreached", "unreached"],
  ["partners", "partnerCoverage"],
  ["recommend", "recommend"],
  ["invite", "inviteList"],
];

interface ScoreReason {
  component: string;
  points: number;
  detail: string;
  inferred: boolean;
}

let remembered: EntityRef | null = null;
let rememberedAsOf = "";

/** What every planner query is asked "as of" and with which trust: the day chosen
 *  (null: today) and the real-data switch. */
interface Scope {
  asOf: string | null;
  trust: Record<string, unknown> | null;
}
const SCOPE_VARS = "$asOf: Date, $trust: TrustFilter";
const SCOPE_ARGS = "asOf: $asOf, trust: $trust";

const names = (list: EntityRef[]): string => list.map(displayName).join("; ");
const reasonsText = (reasons: ScoreReason[]): string => reasons.map((r) => `${r.detail} (+${r.points})`).join("; ");
const links = (list: EntityRef[]): HTMLElement => h("span", { class: "ref-list" }, list.map((e) => entityLink(e)));

/** Draws the planner into ``main`` with ``tab`` open. */
export function plannerView(main: HTMLElement, tab: string): void {
  const current: Tab = TABS.some(([id]) => id === tab) ? (tab as Tab) : "unmet";
  const department = suggestBox({ label: t("department"), kinds: ["DEPARTMENT"] });
  department.input.placeholder = t("allDepartments");
  // Switching tabs redraws the planner: the department chosen carries over.
  department.choose(remembered);
  // The day the tables are computed as of: typed or picked, applied with "Load".
  const asOf = h("input", { type: "date", value: rememberedAsOf });
  const body = h("div", { class: "tab-body", role: "tabpanel" });
  const tablist = h(
    "div",
    { class: "tabs", role: "tablist" },
    TABS.map(([id, key]) =>
      h("a", { role: "tab", href: `#/planner/${id}`, "aria-selected": String(id === current), class: id === current ? "active" : null }, t(key)),
    ),
  );
  const load = h("button", { type: "button", class: "primary" }, t("load"));
  const run = (): void => {
    remembered = department.chosen();
    rememberedAsOf = asOf.value;
    void show(current, body, remembered, { asOf: asOf.value || null, trust: trustFilter() });
  };
  load.addEventListener("click", run);
  department.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && department.chosen()) run();
  });
  replace(main, section(t("plannerTitle"), h("div", { class: "row" }, department.element, field(t("asOfPlanner"), asOf), load), tablist, body));
  body.setAttribute("aria-label", t(TABS.find(([id]) => id === current)![1]));
  run();
}

async function show(tab: Tab, body: HTMLElement, dept: EntityRef | null, scope: Scope): Promise<void> {
  if (tab === "invite") {
    inviteForm(body, dept, scope);
    return;
  }
  replace(body, loading());
  switch (tab) {
    case "unmet":
      return unmet(body, dept, scope);
    case "coverage":
      return coverage(body, scope);
    case "unreached":
      return unreached(body, scope);
    case "partners":
      return partners(body, scope);
    case "recommend":
      return recommend(body, dept, scope);
  }
}

interface UnmetNeed {
  department: EntityRef;
  technology: EntityRef;
  need: string | null;
  supplierCount: number;
  reason: string;
  candidates: { match: { enterprise: EntityRef; score: number } }[];
}

async function unmet(body: HTMLElement, dept: EntityRef | null, scope: Scope): Promise<void> {
  const answer = await gql<{ unmetNeeds: { totalCount: number; needs: UnmetNeed[] } | null }>(
    `query Unmet($department: ID, ${SCOPE_VARS}) { unmetNeeds(department: $department, first: 100, candidates: 3, ${SCOPE_ARGS}) {
      totalCount needs { department ${R} technology ${R} need supplierCount reason candidates { match { score enterprise ${R} } } } } }`,
    { department: dept?.id ?? null, ...scope },
  );
  const rows = answer.data?.unmetNeeds?.needs ?? [];
  replace(
    body,
    errorBox(answer.errors),
    answer.data?.unmetNeeds
      ? sortableTable<UnmetNeed>(
          [
            { label: t("department"), value: (r) => bothNames(r.department), render: (r) => entityLink(r.department) },
            { label: t("technology"), value: (r) => bothNames(r.technology), render: (r) => entityLink(r.technology) },
            { label: t("need"), value: (r) => r.need },
            { label: t("supplierCount"), value: (r) => r.supplierCount, numeric: true },
            { label: t("reason"), value: (r) => r.reason },
            {
              label: t("candidates"),
              value: (r) => r.candidates.map((c) => bothNames(c.match.enterprise)).join("; "),
              render: (r) => links(r.candidates.map((c) => c.match.enterprise)),
            },
          ],
          rows,
          "unmet-needs.csv",
        )
      : null,
    partNote(rows.length, answer.data?.unmetNeeds?.totalCount ?? 0),
  );
}

interface Coverage {
  technology: EntityRef;
  status: string;
  demandCount: number;
  supplyCount: number;
  metDemandCount: number;
  contactEventCount: number;
}

async function coverage(body: HTMLElement, scope: Scope): Promise<void> {
  const answer = await gql<{ technologyCoverage: { totalCount: number; technologies: Coverage[] } | null }>(
    `query Coverage(${SCOPE_VARS}) { technologyCoverage(first: 100, ${SCOPE_ARGS}) {
      totalCount technologies { technology ${R} status demandCount supplyCount metDemandCount contactEventCount } } }`,
    { ...scope },
  );
  const result = answer.data?.technologyCoverage;
  replace(
    body,
    errorBox(answer.errors),
    result
      ? sortableTable<Coverage>(
          [
            { label: t("technology"), value: (r) => bothNames(r.technology), render: (r) => entityLink(r.technology) },
            { label: t("status"), value: (r) => codeLabel(r.status, true) },
            { label: t("demand"), value: (r) => r.demandCount, numeric: true },
            { label: t("supply"), value: (r) => r.supplyCount, numeric: true },
            { label: t("metDemand"), value: (r) => r.metDemandCount, numeric: true },
            { label: t("contactEvents"), value: (r) => r.contactEventCount, numeric: true },
          ],
          result.technologies,
          "technology-coverage.csv",
        )
      : null,
    result ? partNote(result.technologies.length, result.totalCount) : null,
  );
}

interface Unreached {
  department: EntityRef;
  bureau: EntityRef | null;
  lastEvent: EntityRef | null;
  lastEventDate: string | null;
}

async function unreached(body: HTMLElement, scope: Scope): Promise<void> {
  const answer = await gql<{
    unreachedDepartments: { departments: Unreached[]; bureaux: { bureau: EntityRef; departments: EntityRef[] }[] } | null;
  }>(
    `query Unreached(${SCOPE_VARS}) { unreachedDepartments(${SCOPE_ARGS}) {
        departments { department ${R} bureau ${R} lastEvent ${R} lastEventDate }
        bureaux { bureau ${R} departments ${R} } } }`,
    { ...scope },
  );
  const result = answer.data?.unreachedDepartments;
  type B = { bureau: EntityRef; departments: EntityRef[] };
  replace(
    body,
    errorBox(answer.errors),
    result
      ? [
          sortableTable<Unreached>(
            [
              { label: t("department"), value: (r) => bothNames(r.department), render: (r) => entityLink(r.department) },
              { label: t("bureau"), value: (r) => (r.bureau ? bothNames(r.bureau) : ""), render: (r) => (r.bureau ? entityLink(r.bureau) : "") },
              { label: t("lastEvent"), value: (r) => (r.lastEvent ? bothNames(r.lastEvent) : ""), render: (r) => (r.lastEvent ? entityLink(r.lastEvent) : "—") },
              { label: t("lastEventDate"), value: (r) => r.lastEventDate },
            ],
            result.departments,
            "unreached-departments.csv",
          ),
          h("h3", {}, t("bureauxNone")),
          sortableTable<B>(
            [
              { label: t("bureau"), value: (r) => bothNames(r.bureau), render: (r) => entityLink(r.bureau) },
              { label: t("department"), value: (r) => r.departments.map(bothNames).join("; "), render: (r) => links(r.departments) },
            ],
            result.bureaux,
            "unreached-bureaux.csv",
          ),
        ]
      : null,
  );
}

interface PartnerCoverage {
  partnerBody: EntityRef;
  enterpriseCount: number;
  enterprisesMetGovernmentCount: number;
  enterprisesNeverMet: EntityRef[];
  bureauxReached: { bureau: EntityRef; enterpriseCount: number }[];
  bureauxNotReached: EntityRef[];
}

async function partners(body: HTMLElement, scope: Scope): Promise<void> {
  const answer = await gql<{ partnerBodyCoverage: PartnerCoverage[] | null }>(
    `query Partners(${SCOPE_VARS}) { partnerBodyCoverage(${SCOPE_ARGS}) {
        partnerBody ${R} enterpriseCount enterprisesMetGovernmentCount enterprisesNeverMet ${R}
        bureauxReached { enterpriseCount bureau ${R} } bureauxNotReached ${R} } }`,
    { ...scope },
  );
  const result = answer.data?.partnerBodyCoverage;
  replace(
    body,
    errorBox(answer.errors),
    result
      ? sortableTable<PartnerCoverage>(
          [
            { label: t("partnerBody"), value: (r) => bothNames(r.partnerBody), render: (r) => entityLink(r.partnerBody) },
            { label: t("enterprises"), value: (r) => r.enterpriseCount, numeric: true },
            { label: t("metGovernment"), value: (r) => r.enterprisesMetGovernmentCount, numeric: true },
            { label: t("neverMet"), value: (r) => r.enterprisesNeverMet.length, numeric: true },
            {
              label: t("bureauxReached"),
              value: (r) => r.bureauxReached.map((b) => `${displayName(b.bureau)} (${b.enterpriseCount})`).join("; "),
            },
            { label: t("bureauxNotReached"), value: (r) => names(r.bureauxNotReached), render: (r) => links(r.bureauxNotReached) },
          ],
          result,
          "partner-body-coverage.csv",
        )
      : null,
  );
}

interface Match {
  enterprise: EntityRef;
  score: number;
  reasons: ScoreReason[];
  hops: number | null;
  metAlready: boolean;
}

async function recommend(body: HTMLElement, dept: EntityRef | null, scope: Scope): Promise<void> {
  if (!dept) {
    replace(body, h("p", { class: "hint", role: "status" }, t("chooseDepartment")));
    return;
  }
  const answer = await gql<{ recommendMatches: { matches: Match[] } | null }>(
    `query Rec($department: ID!, ${SCOPE_VARS}) { recommendMatches(department: $department, first: 30, ${SCOPE_ARGS}) {
      totalCount matches { enterprise ${R} score hops metAlready reasons { component points detail inferred } } } }`,
    { department: dept.id, ...scope },
  );
  const result = answer.data?.recommendMatches;
  replace(
    body,
    errorBox(answer.errors),
    result
      ? sortableTable<Match>(
          [
            { label: t("enterprise"), value: (r) => bothNames(r.enterprise), render: (r) => entityLink(r.enterprise) },
            { label: t("score"), value: (r) => r.score, numeric: true },
            { label: t("hops"), value: (r) => r.hops, numeric: true },
            { label: t("metAlready"), value: (r) => (r.metAlready ? t("yes") : t("no")) },
            { label: t("reasons"), value: (r) => reasonsText(r.reasons) },
          ],
          result.matches,
          `recommended-${dept.id.replace(/[^a-z0-9-]+/gi, "-")}.csv`,
        )
      : null,
  );
}

interface InviteReason {
  department: EntityRef;
  technology: EntityRef;
  need: string | null;
  score: number;
  reasons: ScoreReason[];
  hops: number | null;
  metAlready: boolean;
}
interface Invitee {
  enterprise: EntityRef & { origin: string | null; size: string | null };
  score: number;
  needs: InviteReason[];
}

function inviteForm(body: HTMLElement, dept: EntityRef | null, scope: Scope): void {
  const origin = checkboxGroup(t("origin"), "origin", ["HONG_KONG", "MAINLAND", "OVERSEAS"]);
  const size = checkboxGroup(t("size"), "size", ["STARTUP", "SME", "LARGE"]);
  const perNeed = h("input", { type: "number", min: 1, max: 10, value: 3 });
  const build = h("button", { type: "submit", class: "primary" }, t("buildInvite"));
  const out = h("div", { class: "invite-results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "invite-form" },
    dept ? h("p", {}, `${t("department")}: `, entityLink(dept)) : h("p", { class: "hint" }, t("allDepartments")),
    h("div", { class: "row" }, origin, size, field(t("perNeed"), perNeed)),
    h("div", { class: "buttons" }, build),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const origins = checkedValues(origin, "origin");
    const sizes = checkedValues(size, "size");
    void invite(out, {
      departments: dept ? [dept.id] : null,
      origin: origins.length ? origins : null,
      size: sizes.length ? sizes : null,
      perNeed: Number(perNeed.value) || 3,
      ...scope,
    });
  });
  replace(body, form, out);
}

async function invite(out: HTMLElement, variables: Record<string, unknown>): Promise<void> {
  replace(out, loading());
  const answer = await gql<{ inviteList: { totalCount: number; needCount: number; invitees: Invitee[] } | null }>(
    `query Invite($departments: [ID!], $origin: [Origin!], $size: [EnterpriseSize!], $perNeed: Int!, ${SCOPE_VARS}) {
      inviteList(departments: $departments, origin: $origin, size: $size, perNeed: $perNeed, first: 100, ${SCOPE_ARGS}) {
        totalCount needCount
        invitees { score enterprise { ${ENTITY_REF} ... on Enterprise { origin size } }
          needs { need score hops metAlready department ${R} technology ${R} reasons { component points detail inferred } } } } }`,
    variables,
  );
  const result = answer.data?.inviteList;
  replace(
    out,
    errorBox(answer.errors),
    result
      ? [
          h(
            "p",
            { class: "summary" },
            t("inviteSummary").replace("{n}", String(result.totalCount)).replace("{needs}", String(result.needCount)),
          ),
          sortableTable<Invitee>(
            [
              { label: t("enterprise"), value: (r) => bothNames(r.enterprise), render: (r) => entityLink(r.enterprise) },
              { label: "id", value: (r) => r.enterprise.id },
              { label: t("origin"), value: (r) => (r.enterprise.origin ? codeLabel(r.enterprise.origin) : "") },
              { label: t("size"), value: (r) => (r.enterprise.size ? codeLabel(r.enterprise.size) : "") },
              { label: t("bestScore"), value: (r) => r.score, numeric: true },
              {
                label: t("departmentsNeeds"),
                value: (r) => r.needs.map((n) => `${bothNames(n.department)}: ${displayName(n.technology)}${n.need ? ` (${n.need})` : ""}`).join("; "),
                render: (r) =>
                  h(
                    "ul",
                    { class: "compact" },
                    r.needs.map((n) => h("li", {}, entityLink(n.department), " · ", entityLink(n.technology), n.need ? ` — ${n.need}` : "", ` [${n.score}]`)),
                  ),
              },
              { label: t("reasons"), value: (r) => Array.from(new Set(r.needs.flatMap((n) => n.reasons.map((x) => x.detail)))).join("; ") },
              // Invented enterprises stay marked in the file, where the badge cannot go.
              { label: t("sample"), value: (r) => (r.enterprise.isSample ? t("sample") : "") },
            ],
            result.invitees,
            "invite-list.csv",
          ),
          partNote(result.invitees.length, result.totalCount),
        ]
      : null,
  );
}
