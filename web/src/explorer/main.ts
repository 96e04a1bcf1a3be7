// The page shell: header (search, navigation, language, API key), the hash router,
// and the Explore home. Each view draws itself into <main>; switching language
// redraws the current view so every label and name follows.
import { apiKey, errorBox, gql, setApiKey } from "./api";
import { byId, h, replace } from "./dom";
import { applyLabels, lang, setLang, t, type Lang } from "./i18n";
import { changesView } from "./changes";
import { entityView } from "./entity";
import { dropDetachedGraphs } from "./graph";
import { pathsView } from "./paths";
import { plannerView } from "./planner";
import { recordView } from "./record";
import { realOnly, setRealOnly } from "./trust";
import { suggestBox } from "./search";
import { ENTITY_REF, entityHref, entityLink, loading, section, type EntityRef } from "./ui";

const main = byId("main");

function route(): void {
  // Each visit draws into a fresh container: an answer that arrives after the user
  // has moved on lands in a detached node instead of over the new view.
  const container = h("div", { class: "view" });
  replace(main, container);
  dropDetachedGraphs();
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const [view = "", ...rest] = hash.split("/");
  const arg = rest.join("/");
  document.title = t("appName");
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>("nav.main-nav a"))) {
    const current = a.getAttribute("href") === `#/${view}`;
    if (current) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  switch (view) {
    case "":
    case "explore":
      void exploreView(container);
      break;
    case "entity":
      void entityView(container, arg);
      break;
    case "paths":
      pathsView(container);
      break;
    case "planner":
      plannerView(container, arg);
      break;
    case "changes":
      changesView(container);
      break;
    case "record":
      recordView(container, arg);
      break;
    default:
      replace(container, section(t("notFound")));
  }
  main.focus({ preventScroll: true });
}

interface ListAnswer {
  bureaux: { edges: { node: EntityRef }[] };
  partnerBodies: { edges: { node: EntityRef }[] };
  events: { edges: { node: EntityRef & { date: string | null } }[] };
}

/** The home view: where to start when you do not know a name yet. */
async function exploreView(root: HTMLElement): Promise<void> {
  replace(root, loading());
  const answer = await gql<ListAnswer>(`{
    bureaux(first: 30, filter: { not: { isSample: true } }) { edges { node { ${ENTITY_REF} } } }
    partnerBodies(first: 10) { edges { node { ${ENTITY_REF} } } }
    events(first: 12, orderBy: { field: DATE, direction: DESC }) { edges { node { ${ENTITY_REF} ... on Event { date } } } }
  }`);
  const list = (items: { node: EntityRef & { date?: string | null } }[]): HTMLElement =>
    h(
      "ul",
      { class: "entity-list" },
      items.map(({ node }) => h("li", {}, node.date ? h("time", {}, `${node.date} `) : null, entityLink(node, true))),
    );
  const d = answer.data;
  replace(
    root,
    section(t("exploreTitle"), h("p", {}, t("exploreIntro")), errorBox(answer.errors)),
    d
      ? h(
          "div",
          { class: "columns" },
          section(t("bureaux"), list(d.bureaux.edges)),
          section(t("partnerBodies"), list(d.partnerBodies.edges)),
          section(t("recentEvents"), list(d.events.edges)),
        )
      : null,
  );
}

/** The header's search: choosing a suggestion opens the entity's page. */
function mountSearch(): void {
  const search = suggestBox({
    label: t("searchLabel"),
    clearAfter: true,
    onChoose: (e) => {
      location.hash = entityHref(e.id);
    },
  });
  search.element.classList.add("header-search");
  search.element.querySelector("label")?.classList.add("visually-hidden");
  replace(byId("search-slot"), search.element);
}

function mountKey(): void {
  const input = byId<HTMLInputElement>("api-key");
  const status = byId("api-key-status");
  const show = (): void => {
    status.textContent = apiKey() ? t("apiKeySaved") : t("apiKeyNone");
    input.value = apiKey() ? "••••••••" : "";
  };
  byId("api-key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value && !input.value.startsWith("••")) setApiKey(input.value);
    show();
    route(); // the open view may now answer what it refused before
  });
  byId("api-key-clear").addEventListener("click", () => {
    setApiKey("");
    show();
    route();
  });
  show();
}

/** The "Real data only" switch: redraws the open view, whose queries then ask for
 *  real facts only (see trust.ts). */
function mountRealOnly(): void {
  const box = byId<HTMLInputElement>("real-only");
  box.checked = realOnly();
  box.addEventListener("change", () => {
    setRealOnly(box.checked);
    route();
  });
}

function mountLanguage(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-lang]"))) {
    button.addEventListener("click", () => {
      setLang(button.dataset["lang"] as Lang);
      relabel();
      route();
    });
  }
}

function relabel(): void {
  setLang(lang());
  applyLabels();
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-lang]"))) {
    button.setAttribute("aria-pressed", String(button.dataset["lang"] === lang()));
  }
  mountSearch();
  byId("api-key-status").textContent = apiKey() ? t("apiKeySaved") : t("apiKeyNone");
}

relabel();
mountKey();
mountRealOnly();
mountLanguage();
window.addEventListener("hashchange", route);
route();
