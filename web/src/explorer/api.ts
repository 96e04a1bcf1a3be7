// The page's only way to the service: POST JSON to /graphql, with the API key (if the
// user pasted one) as a bearer token. Errors come back as values, never thrown, so each
// panel can say what went wrong next to itself instead of going blank.
import { h } from "./dom";
import { t } from "./i18n";

const KEY_STORAGE = "explorer.apiKey";

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; requiredRole?: string; [k: string]: unknown };
}

export interface Answer<T> {
  data: T | null;
  errors: GqlError[];
}

/** The key kept for this tab only (sessionStorage: closing the tab forgets it). */
export function apiKey(): string {
  return sessionStorage.getItem(KEY_STORAGE) ?? "";
}

/** Remembers (or, when empty, forgets) the key for this tab. */
export function setApiKey(key: string): void {
  const trimmed = key.trim();
  if (trimmed) sessionStorage.setItem(KEY_STORAGE, trimmed);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** Runs one GraphQL operation; network and HTTP failures become errors too. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
  const key = apiKey();
  if (key) headers["Authorization"] = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    return { data: null, errors: [{ message: `${t("networkError")}: ${String(error)}` }] };
  }
  let body: { data?: T | null; errors?: GqlError[] };
  try {
    body = (await response.json()) as { data?: T | null; errors?: GqlError[] };
  } catch {
    return { data: null, errors: [{ message: `HTTP ${response.status} ${response.statusText}` }] };
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** True when the error means "sign in with a key of a higher role". */
export function isAccessError(error: GqlError): boolean {
  const code = error.extensions?.code;
  return code === "FORBIDDEN" || code === "UNAUTHENTICATED";
}

/** A box listing the answer's errors (null when there are none). Access errors say
 *  which role is needed and where to paste a key; others show the server's words. */
export function errorBox(errors: GqlError[]): HTMLElement | null {
  if (errors.length === 0) return null;
  const access = errors.find(isAccessError);
  const others = errors.filter((e) => !isAccessError(e));
  const box = h("div", { class: "error-box", role: "alert" });
  if (access) {
    const role = access.extensions?.requiredRole ?? "analyst";
    box.append(
      h(
        "p",
        { class: "access-needed" },
        h("strong", {}, t("needsRole").replace("{role}", String(role))),
        " ",
        t("pasteKey"),
      ),
    );
  }
  for (const e of others) box.append(h("p", {}, e.message));
  return box;
}
