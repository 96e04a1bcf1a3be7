// The search box with suggestions (an ARIA combobox): used in the header and wherever
// a view needs the user to pick an entity by name, never by id.
import { gql } from "./api";
import { debounce, h, replace, uid } from "./dom";
import { displayName, kindLabel, otherName, t } from "./i18n";
import { ENTITY_REF, sampleBadge, type EntityRef } from "./ui";

interface SearchAnswer {
  search: { edges: { node: EntityRef; matchedName: string | null }[]; correctedText: string | null };
}

const QUERY = `query Suggest($text: String!, $kinds: [NodeKind!]) {
  search(text: $text, kinds: $kinds, first: 8) { edges { node { ${ENTITY_REF} } matchedName } correctedText }
}`;

export interface Suggest {
  element: HTMLElement;
  input: HTMLInputElement;
  /** The entity last chosen (null until one is, or after the text changes). */
  chosen(): EntityRef | null;
  /** Sets the choice (e.g. from the address) and shows its name. */
  choose(entity: EntityRef | null): void;
}

export interface SuggestOptions {
  label: string;
  kinds?: string[];
  onChoose?: (entity: EntityRef) => void;
  /** Clear the box after choosing (the header search does: it navigates away). */
  clearAfter?: boolean;
}

/** A labelled search box whose suggestions appear ~200 ms after typing stops;
 *  arrow keys move, Enter chooses (the first suggestion if none is highlighted),
 *  Escape closes. */
export function suggestBox(options: SuggestOptions): Suggest {
  const listId = uid("suggestions");
  const input = h("input", {
    type: "search",
    id: uid("search"),
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    autocomplete: "off",
    placeholder: t("searchPlaceholder"),
  });
  const list = h("ul", { id: listId, role: "listbox", class: "suggestions", hidden: true });
  const status = h("span", { class: "visually-hidden", role: "status" });
  let items: EntityRef[] = [];
  // The option elements, in the order of items (the list may also hold a note line).
  let optionEls: HTMLElement[] = [];
  let active = -1;
  let chosen: EntityRef | null = null;
  let asked = 0;

  const close = (): void => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index: number): void => {
    active = index;
    optionEls.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    const li = optionEls[index];
    if (li) {
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    }
  };
  const pick = (entity: EntityRef): void => {
    close();
    chosen = options.clearAfter ? null : entity;
    input.value = options.clearAfter ? "" : displayName(entity);
    options.onChoose?.(entity);
  };
  const lookUp = debounce(async (text: string) => {
    const mine = ++asked;
    const answer = await gql<SearchAnswer>(QUERY, { text, kinds: options.kinds ?? null });
    if (mine !== asked) return; // a newer query is on its way: drop this stale answer
    items = answer.data?.search.edges.map((e) => e.node) ?? [];
    const matched = answer.data?.search.edges.map((e) => e.matchedName) ?? [];
    // Set when the text as typed found nothing and a corrected spelling did: say so,
    // or the user would wonder why "Polcy" brings up "Policy".
    const corrected = answer.data?.search.correctedText ?? null;
    optionEls = items.map((item, i) => {
      const other = otherName(item);
      const li = h(
        "li",
        { role: "option", id: `${listId}-${i}`, "aria-selected": "false", "data-id": item.id },
        h("span", { class: `kind-dot kind-${item.kind ?? ""}` }),
        h("span", { class: "s-name" }, displayName(item)),
        other ? h("span", { class: "other-name" }, other) : null,
        item.abbreviation ? h("span", { class: "abbr" }, item.abbreviation) : null,
        h("span", { class: "s-kind" }, kindLabel(item.kind ?? "")),
        matched[i] && matched[i] !== item.nameEn && matched[i] !== item.nameZh
          ? h("span", { class: "matched" }, `≈ ${matched[i]}`)
          : null,
        item.isSample ? sampleBadge() : null,
      );
      // mousedown, not click: a click would first blur the box and close the list.
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        pick(item);
      });
      return li;
    });
    replace(
      list,
      corrected && items.length
        ? h("li", { class: "corrected", role: "presentation" }, t("resultsFor").replace("{text}", corrected))
        : null,
      items.length === 0
        ? h("li", { class: "empty", role: "option", "aria-disabled": "true", id: `${listId}-none` }, answer.errors[0]?.message ?? t("noResults"))
        : optionEls,
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = items.length
      ? `${corrected ? `${t("resultsFor").replace("{text}", corrected)}: ` : ""}${items.length}`
      : t("noResults");
    active = -1;
  }, 200);

  input.addEventListener("input", () => {
    chosen = null;
    const text = input.value.trim();
    if (text.length === 0) {
      asked++;
      close();
      return;
    }
    lookUp(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const item = items[active] ?? (list.hidden ? undefined : items[0]);
      if (item) pick(item);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));

  const element = h(
    "div",
    { class: "suggest" },
    h("label", { for: input.id }, options.label),
    h("div", { class: "suggest-box" }, input, list),
    status,
  );
  return {
    element,
    input,
    chosen: () => chosen,
    choose: (entity) => {
      chosen = entity;
      input.value = entity ? displayName(entity) : "";
    },
  };
}
