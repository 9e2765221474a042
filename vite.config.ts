import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixConfig)],
  publicDir: "app/public",
  // The custom server in server/ owns the port; Vite only builds or serves as middleware.
  server: { middlewareMode: true },
  build: { target: "es2022" },
});
