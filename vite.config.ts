import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// A build is always a production build, even when started from vitest (NODE_ENV=test) by the e2e harness:
// otherwise React's development runtime and jsxDEV end up in dist/web (twice the size, slower).
if (process.argv.includes("build") || process.env.VITEST) process.env.NODE_ENV = "production";

/** Web app build: sources in src/web, output in dist/web (served by the Fastify app with SPA fallback). */
export default defineConfig({
  root: "src/web",
  base: "/",
  plugins: [react()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // bench/web.ts reads the manifest to add up what the overview route loads first.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Only echarts (and zrender) get a fixed chunk: it is large and only chart pages need it. Ant Design is
        // left to the bundler's automatic splitting so the first page loads just the components it uses
        // (one forced antd chunk held every component of every page: 400 KB gzipped before the overview).
        manualChunks(id: string) {
          if (id.includes("/node_modules/echarts/") || id.includes("/node_modules/zrender/"))
            return "echarts";
          return undefined;
        },
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
