/**
 * The Remix options, in one place. `vite.config.ts` passes them to the Remix
 * Vite plugin. Every v3 future flag is on so the app is ready for React Router 7,
 * except lazy route discovery: Tandem works offline, so the whole route manifest
 * ships with the page rather than being fetched link by link from the server.
 * @type {import("@remix-run/dev").VitePluginConfig}
 */
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
    v3_routeConfig: true,
  },
};
