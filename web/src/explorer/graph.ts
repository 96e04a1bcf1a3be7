// The graph view: Cytoscape.js, bundled into app.js (never fetched from a CDN). The
// neighbourhood of an entity comes from the `neighbourhood` root field, filtered on
// the server (hops, relationship kinds, as-of day, evidence); clicking a node asks
// for that node's own 1-hop neighbourhood and merges it in.
import cytoscape from "cytoscape";
import { errorBox, gql } from "./api";
import { download } from "./csv";
import { checkedValues, h, replace } from "./dom";
import { displayName, kindLabel, otherName, t } from "./i18n";
import { sortableTable } from "./table";
import { downloadSvg } from "./svg";
import { trustFilter } from "./trust";
import { ENTITY_REF, EVIDENCE, REL_TYPES, checkboxGroup, entityHref, entityLink, field, type EntityRef } from "./ui";

export const KIND_COLOURS: Record<string, string> = {
  BUREAU: "#1f5fa8",
  DEPARTMENT: "#2e8540",
  PARTNER_BODY: "#7b3fa0",
  ENTERPRISE: "#d9661f",
  TECHNOLOGY: "#138a9e",
  EVENT: "#c0392b",
  PERSON: "#666666",
};

export interface GraphLink {
  from: string;
  to: string;
  type: string;
  date?: string | null;
  evidence?: string | null;
}

declare global {
  interface Window {
    /** For tests and for curious analysts in the console: the live graph. */
    __explorer?: { cy?: cytoscape.Core; pathsCy?: cytoscape.Core };
  }
}

const STYLE: cytoscape.StylesheetStyle[] = [
  {
    selector: "node",
    style: {
      "background-color": "data(colour)",
      label: "data(label)",
      color: "#1b1b1b",
      "font-size": 10,
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "ellipsis",
      "text-max-width": "120px",
      width: 22,
      height: 22,
      "border-width": 1,
      "border-color": "#ffffff",
    },
  },
  { selector: "node[?sample]", style: { "border-style": "dashed", "border-color": "#555", "border-width": 2 } },
  { selector: "node.centre", style: { width: 34, height: 34, "border-width": 3, "border-color": "#111" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f2c200" } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#9aa4ad",
      "target-arrow-color": "#9aa4ad",
      "target-arrow-shape": "triangle",
      "curve-style": "bezier",
      label: "data(type)",
      "font-size": 7,
      color: "#555",
      "text-rotation": "autorotate",
    },
  },
  { selector: "edge[evidence = 'INFERRED']", style: { "line-style": "dashed" } },
  { selector: "edge.path", style: { width: 3, "line-color": "#d9661f", "target-arrow-color": "#d9661f" } },
];

// Every drawing made, until its view is left: Cytoscape would go on rendering into a
// container taken off the page.
const drawn = new Set<cytoscape.Core>();

/** A Cytoscape instance in ``container`` with the page's style. */
export function makeCy(container: HTMLElement): cytoscape.Core {
  const cy = cytoscape({ container, style: STYLE, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 3 });
  drawn.add(cy);
  return cy;
}

/** Stops the drawings whose container is no longer on the page (a view was left). */
export function dropDetachedGraphs(): void {
  for (const cy of Array.from(drawn)) {
    if (!cy.container()?.isConnected) {
      drawn.delete(cy);
      cy.destroy();
    }
  }
}

/** Adds entities and links not drawn yet; returns how many entities were new. */
export function mergeElements(cy: cytoscape.Core, entities: EntityRef[], links: GraphLink[]): number {
  let added = 0;
  for (const e of entities) {
    if (cy.getElementById(e.id).nonempty()) continue;
    cy.add({
      group: "nodes",
      data: {
        id: e.id,
        label: e.abbreviation || displayName(e),
        colour: KIND_COLOURS[e.kind ?? ""] ?? "#999",
        sample: Boolean(e.isSample),
        kind: e.kind ?? "",
        ref: e,
      },
    });
    added++;
  }
  for (const l of links) {
    const id = `${l.from}|${l.type}|${l.to}`;
    if (cy.getElementById(id).nonempty()) continue;
    if (cy.getElementById(l.from).empty() || cy.getElementById(l.to).empty()) continue;
    cy.add({ group: "edges", data: { id, source: l.from, target: l.to, type: l.type, evidence: l.evidence ?? "" } });
  }
  return added;
}

/** Lays the graph out again (cose: force-directed, built into Cytoscape). */
export function layout(cy: cytoscape.Core): void {
  cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true, randomize: false, padding: 20 } as cytoscape.LayoutOptions).run();
  cy.fit(undefined, 20);
}

/** The legend: one swatch per kind drawn, with its count. */
export function legend(cy: cytoscape.Core): HTMLElement {
  const counts = new Map<string, number>();
  cy.nodes().forEach((n) => {
    const kind = String(n.data("kind"));
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  });
  return h(
    "ul",
    { class: "legend", "aria-label": t("legend") },
    Array.from(counts.entries()).map(([kind, count]) =>
      h("li", { "data-kind": kind }, h("span", { class: `kind-dot kind-${kind}` }), `${kindLabel(kind)} (${count})`),
    ),
  );
}

/** Downloads the drawing as a PNG. */
export function downloadPng(cy: cytoscape.Core, filename: string): void {
  download(filename, cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 }));
}

interface NeighbourhoodAnswer {
  neighbourhood: {
    centre: EntityRef;
    nodes: { entity: EntityRef; hops: number }[];
    links: { from: string; to: string; link: { type: string; date: string | null; evidence: string } }[];
    complete: boolean;
    reason: string | null;
  };
}

const NEIGHBOURHOOD = `query Neighbourhood($of: ID!, $hops: Int!, $via: [RelType!], $between: DateRange, $asOf: Date, $trust: TrustFilter, $limit: Int!) {
  neighbourhood(of: $of, hops: $hops, via: $via, between: $between, asOf: $asOf, trust: $trust, limit: $limit) {
    centre { ${ENTITY_REF} }
    nodes { hops entity { ${ENTITY_REF} } }
    links { from to link { type date evidence } }
    complete reason
  }
}`;

const LIMIT = 80;
const SLIDER_START = Date.UTC(2015, 0, 1);
const DAY = 86_400_000;

/** The graph panel of an entity page: controls, drawing, side panel, legend and the
 *  table of the entities drawn. */
export function neighbourhoodView(centre: EntityRef, openPage: (id: string) => void): HTMLElement {
  const hops = h("select", {}, [1, 2, 3].map((n) => h("option", { value: n }, String(n))));
  const asOf = h("input", { type: "date" });
  const betweenFrom = h("input", { type: "date" });
  const betweenTo = h("input", { type: "date" });
  const todayDays = Math.floor((Date.now() - SLIDER_START) / DAY);
  const slider = h("input", { type: "range", min: 0, max: todayDays, value: todayDays, step: 1, class: "slider" });
  const today = h("button", { type: "button" }, t("clearDate"));
  const rels = checkboxGroup(t("relKinds"), "rel", REL_TYPES);
  const evidence = checkboxGroup(t("evidenceFilter"), "evidence", EVIDENCE, EVIDENCE);
  const redraw = h("button", { type: "submit", class: "primary" }, t("redraw"));
  const png = h("button", { type: "button" }, t("downloadPng"));
  const svg = h("button", { type: "button" }, t("downloadSvg"));
  const canvas = h("div", { class: "cy", role: "img", "aria-label": t("graph") });
  const notes = h("div", { class: "graph-notes" });
  const side = h("aside", { class: "graph-side", "aria-live": "polite" }, h("p", { class: "hint" }, t("graphHelp")));
  const legendBox = h("div", { class: "legend-box" });
  const tableBox = h("div", { class: "nodes-table" });
  const hopsById = new Map<string, number>();

  const form = h(
    "form",
    { class: "graph-controls" },
    field(t("hops"), hops),
    field(t("between"), betweenFrom),
    field(t("and"), betweenTo),
    field(t("asOf"), asOf),
    h("div", { class: "field" }, h("label", { for: (slider.id = `slider-${centre.id}`) }, t("timeSlider")), slider, today),
    rels,
    evidence,
    h("div", { class: "buttons" }, redraw, png, svg),
  );
  const root = h(
    "section",
    { class: "panel graph-panel" },
    h("h2", {}, t("graph")),
    form,
    notes,
    h("div", { class: "graph-area" }, canvas, side),
    h("h3", {}, t("legend")),
    legendBox,
    h("h3", {}, t("nodesTable")),
    tableBox,
  );

  let cy: cytoscape.Core | null = null;
  const variables = (of: string, hopCount: number): Record<string, unknown> => {
    const via = checkedValues(rels, "rel");
    const ev = checkedValues(evidence, "evidence");
    return {
      of,
      hops: hopCount,
      via: via.length ? via : null,
      // Only links dated in the range (undated ones, such as PART_OF, always count).
      between: betweenFrom.value || betweenTo.value ? { from: betweenFrom.value || null, to: betweenTo.value || null } : null,
      asOf: asOf.value || null,
      // All three ticked means no filter: the server then also counts links of any
      // future evidence kind.
      trust: trustFilter(ev.length === EVIDENCE.length ? null : { evidence: ev }),
      limit: LIMIT,
    };
  };
  const refreshTables = (): void => {
    if (!cy) return;
    replace(legendBox, legend(cy));
    const rows = cy.nodes().map((n) => n.data("ref") as EntityRef);
    replace(
      tableBox,
      sortableTable<EntityRef>(
        [
          {
            label: t("entity"),
            value: (r) => displayName(r),
            // The canvas takes no keyboard focus: each row's button selects its node
            // instead, as a click on the node would.
            render: (r) => [entityLink(r), " ", selectButton(r)],
          },
          { label: "", value: (r) => otherName(r) ?? "" },
          { label: t("kind"), value: (r) => kindLabel(r.kind ?? "") },
          { label: t("hops"), value: (r) => hopsById.get(r.id) ?? null, numeric: true },
          { label: "id", value: (r) => r.id },
          { label: t("sample"), value: (r) => (r.isSample ? t("yes") : "") },
        ],
        rows,
        `neighbourhood-${centre.id.replace(/[^a-z0-9-]+/gi, "-")}.csv`,
      ),
    );
  };
  const ask = async (of: string, hopCount: number, fresh: boolean): Promise<void> => {
    if (!cy) return;
    const answer = await gql<NeighbourhoodAnswer>(NEIGHBOURHOOD, variables(of, hopCount));
    // The view may have been left (or redrawn in the other language) while it was asked:
    // laying out a graph taken off the page threw "reading 'w'".
    if (cy.destroyed() || !canvas.isConnected) return;
    const result = answer.data?.neighbourhood;
    replace(notes, errorBox(answer.errors));
    if (!result) return;
    if (fresh) {
      cy.elements().remove();
      hopsById.clear();
    }
    const baseHops = hopsById.get(of) ?? 0;
    for (const n of result.nodes) {
      if (!hopsById.has(n.entity.id)) hopsById.set(n.entity.id, baseHops + n.hops);
    }
    mergeElements(
      cy,
      result.nodes.map((n) => n.entity),
      result.links.map((l) => ({ from: l.from, to: l.to, type: l.link.type, date: l.link.date, evidence: l.link.evidence })),
    );
    cy.getElementById(centre.id).addClass("centre");
    if (!result.complete && result.reason) {
      notes.append(h("p", { class: "warning", role: "status" }, h("strong", {}, t("incomplete")), " ", result.reason));
    }
    layout(cy);
    refreshTables();
  };
  const showSide = (ref: EntityRef): void => {
    const expand = h("button", { type: "button" }, t("expand"));
    const open = h("button", { type: "button", class: "primary" }, t("openPage"));
    expand.addEventListener("click", () => void ask(ref.id, 1, false));
    open.addEventListener("click", () => openPage(ref.id));
    replace(
      side,
      h("h3", {}, t("selected")),
      entityLink(ref),
      h("p", {}, kindLabel(ref.kind ?? ""), " · ", h("code", {}, ref.id)),
      h("div", { class: "buttons" }, expand, open),
      h("p", { class: "hint" }, t("graphHelp")),
    );
  };

  const selectButton = (ref: EntityRef): HTMLElement => {
    const button = h(
      "button",
      { type: "button", class: "select-node", "aria-label": `${t("selectInGraph")}: ${displayName(ref)}` },
      t("selectInGraph"),
    );
    button.addEventListener("click", () => {
      if (!cy) return;
      cy.$(":selected").unselect();
      const node = cy.getElementById(ref.id);
      node.select();
      cy.animate({ center: { eles: node } }, { duration: 200 });
      showSide(ref);
      side.querySelector<HTMLButtonElement>("button")?.focus(); // Expand, next to it
    });
    return button;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void ask(centre.id, Number(hops.value), true);
  });
  // The slider sets the date day by day; the drawing follows when it is let go.
  slider.addEventListener("input", () => {
    asOf.value = new Date(SLIDER_START + Number(slider.value) * DAY).toISOString().slice(0, 10);
  });
  slider.addEventListener("change", () => void ask(centre.id, Number(hops.value), true));
  asOf.addEventListener("change", () => {
    const when = Date.parse(asOf.value);
    slider.value = String(Number.isNaN(when) ? todayDays : Math.round((when - SLIDER_START) / DAY));
  });
  today.addEventListener("click", () => {
    asOf.value = "";
    slider.value = String(todayDays);
    void ask(centre.id, Number(hops.value), true);
  });
  png.addEventListener("click", () => {
    if (cy) downloadPng(cy, `neighbourhood-${centre.id.replace(/[^a-z0-9-]+/gi, "-")}.png`);
  });
  svg.addEventListener("click", () => {
    if (cy) downloadSvg(cy, `neighbourhood-${centre.id.replace(/[^a-z0-9-]+/gi, "-")}.svg`);
  });

  // Cytoscape measures its container, so it starts once the panel is in the page.
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return; // the user has already moved on
    cy = makeCy(canvas);
    window.__explorer = { ...window.__explorer, cy };
    cy.on("tap", "node", (event) => {
      const ref = event.target.data("ref") as EntityRef;
      showSide(ref);
      if (ref.id !== centre.id) void ask(ref.id, 1, false);
    });
    cy.on("dbltap", "node", (event) => openPage(String(event.target.id())));
    void ask(centre.id, 1, true);
  });
  return root;
}

/** Opens an entity's page (the hash router does the rest). */
export function goToEntity(id: string): void {
  location.hash = entityHref(id);
}
