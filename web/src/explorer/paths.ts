// The path finder: how two parties are connected (collaborationPaths, analyst role),
// each path explained in words with its steps and their sources, and all paths drawn.
import type cytoscape from "cytoscape";
import { errorBox, gql } from "./api";
import { checkedValues, h, replace } from "./dom";
import { codeLabel, displayName, evidenceLabel, kindLabel, t } from "./i18n";
import { downloadPng, layout, legend, makeCy, mergeElements, type GraphLink } from "./graph";
import { suggestBox } from "./search";
import { downloadSvg } from "./svg";
import { trustFilter } from "./trust";
import { sourceCell } from "./entity";
import { REL_TYPES, checkboxGroup, entityLink, field, loading, sampleBadge, section, type EntityRef } from "./ui";

const REF = "id kind nameEn nameZh abbreviation isSample";
const QUERY = `query Paths($from: ID!, $to: ID!, $maxHops: Int!, $k: Int!, $via: [RelType!], $exclude: [ID!], $between: DateRange, $asOf: Date, $trust: TrustFilter) {
  collaborationPaths(from: $from, to: $to, maxHops: $maxHops, k: $k, via: $via, exclude: $exclude, between: $between, asOf: $asOf, trust: $trust) {
    paths { hops explanation inferredLinks start { ${REF} }
      steps { direction entity { ${REF} } link { type date source evidence isSample } } }
    reason complete
  }
}`;

interface Step {
  direction: "OUT" | "IN";
  entity: EntityRef;
  link: { type: string; date: string | null; source: string | null; evidence: string; isSample: boolean };
}
interface Path {
  hops: number;
  explanation: string;
  inferredLinks: number;
  start: EntityRef;
  steps: Step[];
}
interface PathsAnswer {
  collaborationPaths: { paths: Path[]; reason: string | null; complete: boolean } | null;
}

/** Draws the path finder into ``main``; ``from``/``to`` may come from the address. */
export function pathsView(main: HTMLElement): void {
  const from = suggestBox({ label: t("from") });
  const to = suggestBox({ label: t("to") });
  const maxHops = h("input", { type: "number", min: 1, max: 6, value: 4 });
  const k = h("input", { type: "number", min: 1, max: 10, value: 3 });
  const via = checkboxGroup(t("via"), "via", REL_TYPES);
  // Parties to route around, picked by name; each shows as a chip with a remove button.
  const excluded = new Map<string, EntityRef>();
  const chips = h("ul", { class: "chips", "aria-label": t("exclude") });
  const drawChips = (): void =>
    replace(
      chips,
      [...excluded.values()].map((e) =>
        h(
          "li",
          { class: "chip" },
          displayName(e),
          h(
            "button",
            {
              type: "button",
              "aria-label": `${t("remove")}: ${displayName(e)}`,
              onclick: () => {
                excluded.delete(e.id);
                drawChips();
              },
            },
            "×",
          ),
        ),
      ),
    );
  const exclude = suggestBox({
    label: t("exclude"),
    clearAfter: true,
    onChoose: (e) => {
      excluded.set(e.id, e);
      drawChips();
    },
  });
  const betweenFrom = h("input", { type: "date" });
  const betweenTo = h("input", { type: "date" });
  const asOf = h("input", { type: "date" });
  const go = h("button", { type: "submit", class: "primary" }, t("findPaths"));
  const results = h("div", { class: "results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "paths-form" },
    h("div", { class: "row" }, from.element, to.element),
    h("div", { class: "row" }, field(t("maxHops"), maxHops), field(t("k"), k), field(t("between"), betweenFrom), field(t("and"), betweenTo), field(t("asOf"), asOf)),
    via,
    h("div", { class: "row" }, exclude.element, chips),
    h("div", { class: "buttons" }, go),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const a = from.chosen();
    const b = to.chosen();
    if (!a || !b) {
      replace(results, h("p", { class: "warning", role: "alert" }, t("pickBoth")));
      return;
    }
    void run(results, {
      from: a.id,
      to: b.id,
      maxHops: Number(maxHops.value) || 4,
      k: Number(k.value) || 3,
      via: nonEmpty(checkedValues(via, "via")),
      exclude: nonEmpty([...excluded.keys()]),
      between: betweenFrom.value || betweenTo.value ? { from: betweenFrom.value || null, to: betweenTo.value || null } : null,
      asOf: asOf.value || null,
      trust: trustFilter(),
    });
  });
  replace(main, section(t("pathsTitle"), form), results);
}

function nonEmpty(values: string[]): string[] | null {
  return values.length ? values : null;
}

async function run(results: HTMLElement, variables: Record<string, unknown>): Promise<void> {
  replace(results, loading());
  const answer = await gql<PathsAnswer>(QUERY, variables);
  const found = answer.data?.collaborationPaths;
  replace(results, errorBox(answer.errors));
  if (!found) return;
  if (found.reason) results.append(h("p", { class: found.paths.length ? "hint" : "warning" }, found.reason));
  if (found.paths.length === 0) {
    if (!found.reason) results.append(h("p", {}, t("noPath")));
    return;
  }
  const canvas = h("div", { class: "cy cy-paths", role: "img", "aria-label": t("graph") });
  const legendBox = h("div", { class: "legend-box" });
  const png = h("button", { type: "button" }, t("downloadPng"));
  const svg = h("button", { type: "button" }, t("downloadSvg"));
  results.append(
    section(t("graph"), h("div", { class: "buttons" }, png, svg), canvas, legendBox),
    ...found.paths.map((p, i) => pathCard(p, i + 1)),
  );
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return; // a newer search replaced this one
    const cy: cytoscape.Core = makeCy(canvas);
    window.__explorer = { ...window.__explorer, pathsCy: cy };
    for (const p of found.paths) {
      const entities = [p.start, ...p.steps.map((s) => s.entity)];
      const links: GraphLink[] = p.steps.map((s, i) => {
        const prev = entities[i]!.id;
        return s.direction === "OUT"
          ? { from: prev, to: s.entity.id, type: s.link.type, evidence: s.link.evidence }
          : { from: s.entity.id, to: prev, type: s.link.type, evidence: s.link.evidence };
      });
      mergeElements(cy, entities, links);
    }
    cy.edges().addClass("path");
    layout(cy);
    replace(legendBox, legend(cy));
    cy.on("dbltap", "node", (event) => {
      location.hash = `#/entity/${encodeURIComponent(String(event.target.id()))}`;
    });
    png.addEventListener("click", () => downloadPng(cy, "paths.png"));
    svg.addEventListener("click", () => downloadSvg(cy, "paths.svg"));
  });
}

function pathCard(p: Path, index: number): HTMLElement {
  return h(
    "article",
    { class: "panel path" },
    h("h3", {}, `${t("path")} ${index} · ${p.hops} ${t("hops")}`),
    h("p", { class: "explanation" }, p.explanation),
    h(
      "ol",
      { class: "steps" },
      h("li", {}, entityLink(p.start, true)),
      p.steps.map((s) =>
        h(
          "li",
          {},
          h(
            "span",
            { class: "step-link" },
            s.direction === "OUT" ? "→ " : "← ",
            h("span", { class: "rel", title: s.link.type }, codeLabel(s.link.type)),
            s.link.date ? ` ${s.link.date}` : "",
            ` · ${evidenceLabel(s.link.evidence)}`,
            s.link.isSample ? sampleBadge() : null,
          ),
          " ",
          entityLink(s.entity, true),
          h("span", { class: "s-kind" }, ` ${kindLabel(s.entity.kind ?? "")}`),
          h("div", { class: "step-source" }, `${t("source")}: `, sourceCell(s.link.source) ?? "—"),
        ),
      ),
    ),
  );
}
