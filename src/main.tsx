import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.tsx";
import { registerServiceWorker } from "./app/serviceWorker.ts";
import { testHooks } from "./app/testHooks.ts";
import "./styles/app.css";
import "./styles/theme-dark.css";

const root = createRoot(document.getElementById("root")!);

if (testHooks().intakeTestPage) {
  // loaded only when a test asks for it: the production page never fetches this chunk
  void import("./ui/IntakeTestPage.tsx").then(({ IntakeTestPage }) =>
    root.render(
      <StrictMode>
        <IntakeTestPage />
      </StrictMode>,
    ),
  );
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

registerServiceWorker();
