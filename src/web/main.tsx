// The entry stays tiny on purpose: boot.ts starts the session and overview API calls at once, then React,
// Ant Design and the app load (in parallel with those calls) through a dynamic import.
import "./boot.ts";

const app = import("./start.tsx");
// The overview is what a leader opens first: fetch its code together with the app's.
if (location.pathname === "/") void import("./pages/overview/OverviewPage.tsx");
void app.then((m) => m.start());
