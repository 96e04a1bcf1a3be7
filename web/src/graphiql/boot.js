// @ts-check
// Starts GraphiQL on the page the service serves at /graphql. Kept out of the page so
// the page's Content-Security-Policy can forbid inline scripts. The example to open
// with comes from the page (a JSON block the service fills from docs/queries/); a
// query in the address (?q=...) wins, so a shared link opens what was shared.
/* global React, ReactDOM, GraphiQL, GraphiQLPluginExplorer */

(function boot() {
  const exampleBlock = document.getElementById("graphiql-example");
  const example = JSON.parse(exampleBlock ? exampleBlock.textContent || "{}" : "{}");
  const address = new URL(window.location.href);
  const shared = address.searchParams;
  const endpoint = address.origin + address.pathname;
  const sockets = new URL(endpoint);
  sockets.protocol = sockets.protocol === "https:" ? "wss:" : "ws:";

  /** Keeps the editors' text in the address, so the page can be bookmarked or shared. */
  function remember(key, value) {
    const next = new URL(window.location.href);
    if (value) {
      next.searchParams.set(key, value);
    } else {
      next.searchParams.delete(key);
    }
    window.history.replaceState(null, "", next.toString());
  }

  const fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: sockets.toString() });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function Page() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: example.query || "",
      query: shared.get("q") || undefined,
      variables: shared.get("variables") || example.variables || undefined,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // An API key goes in the headers editor, {"Authorization": "Bearer <key>"}; it is
      // not kept in the browser's storage.
      shouldPersistHeaders: false,
      onEditQuery: (text) => remember("q", text),
      onEditVariables: (text) => remember("variables", text),
    });
  }

  const root = document.getElementById("graphiql");
  if (root) {
    ReactDOM.createRoot(root).render(React.createElement(Page));
  }
})();
