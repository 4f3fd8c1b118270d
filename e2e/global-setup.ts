import { ensureWebBuilt, hasChromium } from "./harness.ts";

// Build the web app once before any test file runs, so parallel browser suites never rebuild
// dist/web under each other's feet.
export default function setup(): void {
  if (hasChromium) ensureWebBuilt();
}
