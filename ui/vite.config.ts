import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The window loads the built files from the app itself (tauri://localhost): no dev server, no
// remote content. `npm run dev` serves the same UI to `cargo run` without custom-protocol.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    css: false,
  },
});
